/**
 * One-dimensional PostgreSQL arrays in the binary form `array_recv` reads. node-postgres sends
 * a Buffer parameter as a binary value, so the server reads each element with its type's
 * receive function rather than parsing text: for an import's search documents, reading
 * tsvector text was a twentieth of the writing connection's time, and long texts are
 * copied rather than quoted by the client and unquoted by the server.
 *
 * @example sql`SELECT unnest(${binaryArray(TSVECTOR, documents)}::tsvector[])`
 */

/** Element types, by their fixed PostgreSQL type numbers. */
export const INT2 = 21;
export const INT4 = 23;
export const TEXT = 25;
export const TSVECTOR = 3614;

/** An array of `elementType` holding `elements`, each already in that type's binary form, or null. */
export const binaryArray = (elementType: number, elements: Array<Uint8Array | null>): Buffer =>
  arrayOf(elementType, elements, (e) => e.length, (out, e, at) => {
    out.set(e, at);
    return e.length;
  });

/** A text[] of `texts`, as UTF-8, each written straight into the array. */
export const textArray = (texts: Array<string | null>): Buffer => arrayOf(TEXT, texts, (t) => Buffer.byteLength(t), (out, t, at) => out.write(t, at));

/** An int2[] of `numbers`. */
export const int2Array = (numbers: number[]): Buffer => arrayOf(INT2, numbers, () => 2, (out, n, at) => out.writeInt16BE(n, at) - at);

/** An int4[] of `numbers` (integers), or nulls. */
export const int4Array = (numbers: Array<number | null>): Buffer => arrayOf(INT4, numbers, () => 4, (out, n, at) => out.writeInt32BE(n, at) - at);

/**
 * The array of `items`: each as its length and what `write` puts at `at` (returning how many bytes,
 * `size` of them), or a null.
 */
function arrayOf<T>(elementType: number, items: Array<T | null>, size: (item: T) => number, write: (out: Buffer, item: T, at: number) => number): Buffer {
  let bytes = HEADER;
  let nulls = false;
  for (const item of items) {
    bytes += 4;
    if (item === null) nulls = true;
    else bytes += size(item);
  }
  const out = header(elementType, items.length, bytes, nulls);
  let at = HEADER;
  for (const item of items) {
    if (item === null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const length = write(out, item, at + 4);
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  return out;
}

/** Dimensions, whether any element is null, the element type, then the one dimension's length and lower bound. */
const HEADER = 20;

function header(elementType: number, length: number, size: number, nulls: boolean): Buffer {
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(nulls ? 1 : 0, 4);
  out.writeUInt32BE(elementType, 8);
  out.writeInt32BE(length, 12);
  out.writeInt32BE(1, 16);
  return out;
}
