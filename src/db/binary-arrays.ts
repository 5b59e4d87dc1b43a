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
export function binaryArray(elementType: number, elements: Array<Uint8Array | null>): Buffer {
  let size = HEADER;
  let nulls = false;
  for (const e of elements) {
    size += 4 + (e?.length ?? 0);
    nulls ||= e === null;
  }
  const out = header(elementType, elements.length, size, nulls);
  let at = HEADER;
  for (const e of elements) {
    if (e === null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    out.writeInt32BE(e.length, at);
    out.set(e, at + 4);
    at += 4 + e.length;
  }
  return out;
}

/** A text[] of `texts`, as UTF-8, each written straight into the array. */
export function textArray(texts: Array<string | null>): Buffer {
  let size = HEADER;
  for (const t of texts) size += 4 + (t === null ? 0 : Buffer.byteLength(t));
  const out = header(TEXT, texts.length, size, texts.includes(null));
  let at = HEADER;
  for (const t of texts) {
    if (t === null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const length = out.write(t, at + 4);
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  return out;
}

/** An int2[] of `numbers`. */
export const int2Array = (numbers: number[]): Buffer => fixedWidthArray(INT2, 2, numbers);

/** An int4[] of `numbers` (integers), or nulls. */
export const int4Array = (numbers: Array<number | null>): Buffer => fixedWidthArray(INT4, 4, numbers);

function fixedWidthArray(elementType: number, width: 2 | 4, numbers: Array<number | null>): Buffer {
  const nulls = numbers.includes(null);
  const out = header(elementType, numbers.length, HEADER + numbers.reduce<number>((size, n) => size + (n === null ? 4 : 4 + width), 0), nulls);
  let at = HEADER;
  for (const n of numbers) {
    if (n === null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    out.writeInt32BE(width, at);
    if (width === 2) out.writeInt16BE(n, at + 4);
    else out.writeInt32BE(n, at + 4);
    at += 4 + width;
  }
  return out;
}

/** Dimensions, whether any element is null, the element type, then the one dimension's length and lower bound. */
const HEADER = 20;

function header(elementType: number, length: number, size: number, nulls = false): Buffer {
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(nulls ? 1 : 0, 4);
  out.writeUInt32BE(elementType, 8);
  out.writeInt32BE(length, 12);
  out.writeInt32BE(1, 16);
  return out;
}
