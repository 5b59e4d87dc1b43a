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
export const TEXT = 25;
export const TSVECTOR = 3614;

/** An array of `elementType` holding `elements`, each already in that type's binary form. */
export function binaryArray(elementType: number, elements: Uint8Array[]): Buffer {
  let size = HEADER;
  for (const e of elements) size += 4 + e.length;
  const out = header(elementType, elements.length, size);
  let at = HEADER;
  for (const e of elements) {
    out.writeInt32BE(e.length, at);
    out.set(e, at + 4);
    at += 4 + e.length;
  }
  return out;
}

/** A text[] of `texts`, as UTF-8. */
export const textArray = (texts: string[]): Buffer => binaryArray(TEXT, texts.map((t) => Buffer.from(t)));

/** An int2[] of `numbers`. */
export function int2Array(numbers: number[]): Buffer {
  const out = header(INT2, numbers.length, HEADER + numbers.length * 6);
  for (let i = 0, at = HEADER; i < numbers.length; i++, at += 6) {
    out.writeInt32BE(2, at);
    out.writeInt16BE(numbers[i]!, at + 4);
  }
  return out;
}

/** Dimensions, a no-nulls flag, the element type, then the one dimension's length and lower bound. */
const HEADER = 20;

function header(elementType: number, length: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(0, 4);
  out.writeUInt32BE(elementType, 8);
  out.writeInt32BE(length, 12);
  out.writeInt32BE(1, 16);
  return out;
}
