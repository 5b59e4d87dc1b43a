/**
 * The word pairs of a PostgreSQL search document, read off its binary form (`tsvectorsend`)
 * and numbered as migration 044's `search_pairs` numbers them: each two lexemes at
 * neighbouring positions, written "first second", hashed by `hashtext` and kept to its top
 * 16 bits, once each, in ascending order. In SQL, unpacking the document cost more than
 * computing it (120 µs an article); here it is a walk over its bytes and a hash.
 *
 * The binary form, big-endian: the number of lexemes, then each lexeme as UTF-8 ending in
 * a zero byte, its number of positions, and the positions (a weight in the top two bits).
 *
 * @example tsvectorPairNumbers(tsvectorBytes) // [pairNumber('harbour wall')] for 'harbour':1A 'wall':2A
 */
export function tsvectorPairNumbers(document: Uint8Array): number[] {
  const view = new DataView(document.buffer, document.byteOffset, document.byteLength);
  let occurrencesUsed = 0;
  const positions: number[] = [];
  try {
    const lexemes = view.getInt32(0);
    let at = 4;
    for (let n = 0; n < lexemes; n++) {
      const start = at;
      const end = document.indexOf(0, at);
      if (end === -1) throw new Error(`not a binary tsvector: lexeme ${n + 1} of ${lexemes} is not ended`);
      const count = view.getUint16(end + 1);
      at = end + 3;
      for (let k = 0; k < count; k++, at += 2) {
        const position = view.getUint16(at) & POSITION_BITS;
        if (headAt[position] === -1) positions.push(position);
        if (occurrencesUsed === occurrenceStart.length) growOccurrences();
        occurrenceStart[occurrencesUsed] = start;
        occurrenceEnd[occurrencesUsed] = end;
        occurrenceNext[occurrencesUsed] = headAt[position]!;
        headAt[position] = occurrencesUsed++;
      }
    }
    if (at !== document.length) throw new Error(`not a binary tsvector: more bytes follow its ${lexemes} lexemes`);
    const numbers = new Set<number>();
    for (const position of positions) {
      for (let a = headAt[position]!; a !== -1; a = occurrenceNext[a]!) {
        for (let b = headAt[position + 1]!; b !== -1; b = occurrenceNext[b]!) numbers.add(pairNumberAt(document, occurrenceStart[a]!, occurrenceEnd[a]!, occurrenceStart[b]!, occurrenceEnd[b]!));
      }
    }
    return [...numbers].sort((x, y) => x - y);
  } catch (error) {
    if (error instanceof RangeError) throw new Error(`not a binary tsvector: it ends inside a lexeme's positions`);
    throw error;
  } finally {
    // The scratch space is left clean for the next document, also when this one was not a tsvector.
    for (const position of positions) headAt[position] = -1;
  }
}

/** The number `search_pair_numbers` gives the pair written `pair` ("first second"). */
export function pairNumber(pair: string): number {
  const bytes = encoder.encode(pair);
  return hashText(bytes, bytes.length) >> 16;
}

/** What `search_pair_numbers` gives these pairs: their numbers, once each, ascending. */
export const pairNumbers = (pairs: string[]) => [...new Set(pairs.map(pairNumber))].sort((a, b) => a - b);

const encoder = new TextEncoder();
const SPACE = 32;
/** A position's number, below its weight. */
const POSITION_BITS = 0x3fff;

/*
 * Scratch space kept between calls: the document's lexeme occurrences (where each lexeme's
 * bytes start and end), chained by position (positions run to 16,383, and several lexemes
 * may share one).
 */
let occurrenceStart = new Int32Array(1024);
let occurrenceEnd = new Int32Array(1024);
let occurrenceNext = new Int32Array(1024);
const headAt = new Int32Array(16_385).fill(-1);
/** Lexemes are at most 2,047 bytes, so a pair and its space fit. */
const pairBuffer = new Uint8Array(4096);

function growOccurrences(): void {
  const grown = (old: Int32Array) => {
    const to = new Int32Array(old.length * 2);
    to.set(old);
    return to;
  };
  [occurrenceStart, occurrenceEnd, occurrenceNext] = [grown(occurrenceStart), grown(occurrenceEnd), grown(occurrenceNext)];
}

/** The number of the pair whose lexemes are `first` and `second`, as UTF-8. */
export const lexemePairNumber = (first: Uint8Array, second: Uint8Array) => pairNumberAt(first, 0, first.length, 0, second.length, second);

function pairNumberAt(bytes: Uint8Array, firstStart: number, firstEnd: number, secondStart: number, secondEnd: number, secondBytes = bytes): number {
  let at = 0;
  for (let i = firstStart; i < firstEnd; i++) pairBuffer[at++] = bytes[i]!;
  pairBuffer[at++] = SPACE;
  for (let i = secondStart; i < secondEnd; i++) pairBuffer[at++] = secondBytes[i]!;
  return hashText(pairBuffer, at) >> 16;
}

const rot = (x: number, k: number) => (x << k) | (x >>> (32 - k));
const word = (k: Uint8Array, at: number) => k[at]! | (k[at + 1]! << 8) | (k[at + 2]! << 16) | (k[at + 3]! << 24);

/**
 * PostgreSQL's `hashtext` of the first `length` bytes of `k`, as a signed 32-bit number:
 * Bob Jenkins' lookup3 hash as PostgreSQL's hash_bytes computes it on a little-endian
 * server (a big-endian one reads its words the other way round, and gives other numbers;
 * `suppliedSearchRows` checks the server before it relies on these). Written here rather
 * than taken from a lookup3 package: PostgreSQL packs the last bytes its own way.
 */
export function hashText(k: Uint8Array, length: number): number {
  let a = (0x9e3779b9 + length + 3923095) | 0;
  let b = a;
  let c = a;
  let at = 0;
  let left = length;
  while (left >= 12) {
    a = (a + word(k, at)) | 0;
    b = (b + word(k, at + 4)) | 0;
    c = (c + word(k, at + 8)) | 0;
    // lookup3's mix of each 12 bytes
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
    at += 12;
    left -= 12;
  }
  // The last 0 to 11 bytes: the lowest byte of c is left for the length.
  if (left >= 9) c = (c + (left >= 11 ? k[at + 10]! << 24 : 0) + (left >= 10 ? k[at + 9]! << 16 : 0) + (k[at + 8]! << 8)) | 0;
  if (left >= 5) b = (b + (left >= 8 ? k[at + 7]! << 24 : 0) + (left >= 7 ? k[at + 6]! << 16 : 0) + (left >= 6 ? k[at + 5]! << 8 : 0) + k[at + 4]!) | 0;
  if (left >= 1) a = (a + (left >= 4 ? k[at + 3]! << 24 : 0) + (left >= 3 ? k[at + 2]! << 16 : 0) + (left >= 2 ? k[at + 1]! << 8 : 0) + k[at]!) | 0;
  // and its final mix
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  return c;
}
