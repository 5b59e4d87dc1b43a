/**
 * The word pairs of a PostgreSQL search document, read off its text form
 * (`'govern':3,17 'polici':1A`) and numbered as migration 044's `search_pairs` numbers them:
 * each two lexemes at neighbouring positions, written "first second", hashed by `hashtext`
 * and kept to its top 16 bits, once each, in ascending order. In SQL, unpacking the document
 * cost more than computing it (120 µs an article); here it is a scan of a string and a hash.
 *
 * @example tsvectorPairNumbers("'harbour':1A 'wall':2A") // [pairNumber('harbour wall')]
 */
export function tsvectorPairNumbers(text: string): number[] {
  let bytesUsed = 0;
  let occurrencesUsed = 0;
  const positions: number[] = [];
  try {
    let i = 0;
    while (i < text.length) {
      if (text.charCodeAt(i) === SPACE) {
        i++;
        continue;
      }
      if (text.charCodeAt(i) !== QUOTE) throw new Error(`not a tsvector's text: ${JSON.stringify(text.slice(i, i + 20))}`);
      // The lexeme runs to the next quote that is not doubled.
      let end = text.indexOf("'", i + 1);
      while (end !== -1 && text.charCodeAt(end + 1) === QUOTE) end = text.indexOf("'", end + 2);
      if (end === -1) throw new Error(`not a tsvector's text: an unclosed lexeme at ${i}`);
      const start = bytesUsed;
      bytesUsed = appendLexeme(text, i + 1, end, start);
      i = end + 1;
      if (text.charCodeAt(i) !== COLON) continue;
      i++;
      // Positions, each a number with an optional weight letter, separated by commas.
      for (;;) {
        let position = 0;
        for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) position = position * 10 + c - 48;
        if (headAt[position] === -1) positions.push(position);
        if (occurrencesUsed === occurrenceStart.length) growOccurrences();
        occurrenceStart[occurrencesUsed] = start;
        occurrenceEnd[occurrencesUsed] = bytesUsed;
        occurrenceNext[occurrencesUsed] = headAt[position]!;
        headAt[position] = occurrencesUsed++;
        const c = text.charCodeAt(i);
        if (c >= 65 && c <= 68) i++; // weight A to D
        if (text.charCodeAt(i) !== COMMA) break;
        i++;
      }
    }
    const numbers = new Set<number>();
    for (const position of positions) {
      for (let a = headAt[position]!; a !== -1; a = occurrenceNext[a]!) {
        for (let b = headAt[position + 1]!; b !== -1; b = occurrenceNext[b]!) numbers.add(pairNumberAt(occurrenceStart[a]!, occurrenceEnd[a]!, occurrenceStart[b]!, occurrenceEnd[b]!));
      }
    }
    return [...numbers].sort((x, y) => x - y);
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

/** Pair numbers as a PostgreSQL int2[] literal. */
export const int2ArrayLiteral = (pairNumbers: number[]) => `{${pairNumbers.join(',')}}`;

const encoder = new TextEncoder();
const [SPACE, QUOTE, COLON, COMMA, BACKSLASH] = [32, 39, 58, 44, 92];

/*
 * Scratch space kept between calls: the document's lexemes as UTF-8, and its lexeme
 * occurrences chained by position (positions run to 16,383, and several lexemes may share one).
 */
let lexemeBytes = new Uint8Array(1 << 16);
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

/** Writes the lexeme text[from, to) as UTF-8 at `at`, undoing the text form's doubled quotes and backslashes; returns where it ends. */
function appendLexeme(text: string, from: number, to: number, at: number): number {
  if (at + (to - from) * 3 > lexemeBytes.length) {
    const grown = new Uint8Array(Math.max(lexemeBytes.length * 2, at + (to - from) * 3));
    grown.set(lexemeBytes.subarray(0, at));
    lexemeBytes = grown;
  }
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c === QUOTE || c === BACKSLASH) c = text.charCodeAt(++i);
    if (c >= 0x80) return at + encoder.encodeInto(unescape(text.slice(i, to)), lexemeBytes.subarray(at)).written;
    lexemeBytes[at++] = c;
  }
  return at;
}

const unescape = (raw: string) => raw.replaceAll("''", "'").replace(/\\(.)/gs, '$1');

function pairNumberAt(firstStart: number, firstEnd: number, secondStart: number, secondEnd: number): number {
  let at = 0;
  for (let i = firstStart; i < firstEnd; i++) pairBuffer[at++] = lexemeBytes[i]!;
  pairBuffer[at++] = SPACE;
  for (let i = secondStart; i < secondEnd; i++) pairBuffer[at++] = lexemeBytes[i]!;
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
