import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { textArray } from '../db/binary-arrays.js';
import { DOCUMENT_FIELDS, SEARCH_CONFIGURATION, type SearchText } from './search-document-postgres.js';
import { lexemePairNumber } from './tsvector-pairs.js';

/**
 * PostgreSQL's search documents (`searchDocument`) put together here from the documents of
 * their words, each asked of the server once. The server computing an import's documents
 * whole took a fifth of its CPU (7 of 31 CPU-seconds for 100,000 articles), most of it in
 * the text search parser, though a newsroom writes the same few thousand words over and over;
 * put together here, the server's part is 0.3 and the Node process's CPU grows by about 1.
 *
 * The unit is a chunk: a run of text between ASCII spaces, tabs or line breaks. The parser
 * reads a chunk the same whatever surrounds it, so long as it knows whether the chunk opens
 * the text or follows a space (".." opens a text as a file name and is a blank after one),
 * and the text holds no "<", whose tags and comments run across spaces. The server gives each
 * chunk's document in that context, with a word of its own after it to count the positions
 * the chunk takes (its trailing stop words take positions without leaving a lexeme); a
 * document is then the chunks' lexemes at their running positions, fields joined and weighted
 * as `||` and setweight join them. Texts whose lexemes would reach PostgreSQL's limits (a
 * position past 16,382, a lexeme at more than 255 positions), or that hold a "<", are left
 * to the server whole. The word pairs (migration 044) are numbered on the way, each pair of
 * lexemes once: `tsvectorPairNumbers` would read them back off the document.
 *
 * @example (await wordDocuments(pool))?.documents([{ headline, standfirst, body_text }]) // [{ document, pairs } | undefined]
 */
export async function wordDocuments(pool: Kysely<DB>, remember?: Remembered): Promise<WordDocuments | undefined> {
  const [ending] = await chunkDocuments(pool, [END_WORD]);
  const endEntries = ending ? readTsvector(ending) : [];
  // A configuration that drops or splits the end word cannot count a chunk's positions with it.
  if (endEntries.length !== 1 || String(endEntries[0]!.positions) !== '1') return undefined;
  return new WordDocuments(pool, endEntries[0]!.lexeme, remember);
}

/** How many chunks (or lexemes) and pairs are remembered before they are all let go. */
export interface Remembered {
  chunks: number;
  pairs: number;
}

/** A search document in `tsvectorsend`'s form, and its word pairs' numbers, ascending. */
export interface AssembledDocument {
  document: Uint8Array;
  pairs: number[];
}

export class WordDocuments {
  /** Chunk → [positions it takes, then (its position from 0, lexeme id) for each lexeme, by position], by context. */
  private opening = new Map<string, Int32Array>();
  private following = new Map<string, Int32Array>();
  /** Lexemes, each as its UTF-8 bytes read one character a byte, so that `<` orders them as the server does. */
  private lexemeIds = new Map<string, number>();
  private lexemes: string[] = [];
  private lexemeBytes: Uint8Array[] = [];
  /** A document's occurrences (per lexeme id: first, last and how many; per occurrence: position and next). */
  private first = new Int32Array(4096).fill(-1);
  private last = new Int32Array(4096);
  private count = new Int32Array(4096);
  private occurrencePosition = new Int32Array(4096);
  private occurrenceNext = new Int32Array(4096);
  private used: number[] = [];
  /** Pairs' numbers by their lexemes; a document's numbers, marked in `seen` with the document's stamp. */
  private pairNumbers = new PairNumbers();
  private seen = new Uint32Array(65_536);
  private stamp = 0;
  private pairs: number[] = [];
  /** The lexemes at the position last recorded, and at the one before it when that was its neighbour. */
  private here = new Int32Array(64);
  private before = new Int32Array(64);

  constructor(
    private readonly pool: Kysely<DB>,
    private readonly endLexeme: string,
    /** How much is remembered before it is all let go (smaller in tests). */
    private readonly remember: Remembered = { chunks: MAX_CHUNKS, pairs: MAX_PAIRS },
  ) {}

  /** Each text's document and pairs, or undefined for one the server must compute whole. */
  async documents(texts: SearchText[]): Promise<Array<AssembledDocument | undefined>> {
    // After the caller's next statement has gone to the server, not before: a writer calls this first.
    await new Promise((resolve) => setImmediate(resolve));
    const { chunks, pairs } = this.remember;
    if (this.opening.size + this.following.size > chunks || this.lexemes.length > chunks || this.pairNumbers.size > pairs) this.forget();
    const missing: Missing = { opening: new Set(), following: new Set() };
    const made = texts.map((text) => this.assemble(text, missing));
    if (missing.opening.size || missing.following.size) {
      await this.learn(missing);
      for (let i = 0; i < texts.length; i++) if (made[i] === MISSING) made[i] = this.assemble(texts[i]!);
    }
    return made as Array<AssembledDocument | undefined>;
  }

  /** The text's document; MISSING (its unknown chunks added to `missing`) when the server has not read them all. */
  private assemble(text: SearchText, missing?: Missing): AssembledDocument | undefined | typeof MISSING {
    let complete = true;
    let occurrences = 0;
    /** Where this field's positions start: the last position holding a lexeme so far, as `||` counts. */
    let offset = 0;
    let herePosition = 0;
    let hereCount = 0;
    let beforeCount = 0;
    // Checked first, so that no chunk of a text the server will read whole is asked about.
    if (DOCUMENT_FIELDS.some(([field]) => text[field].includes('<'))) return undefined;
    this.stamp++;
    this.pairs.length = 0;
    try {
      for (const [field, weight] of DOCUMENT_FIELDS) {
        const value = text[field];
        const weightBits = WEIGHTS[weight] << 14;
        let position = 0;
        let lastUsed = 0;
        for (let at = 0, end = value.length; at < end; ) {
          if (isSpace(value.charCodeAt(at))) {
            at++;
            continue;
          }
          const start = at;
          while (at < end && !isSpace(value.charCodeAt(at))) at++;
          const chunk = value.slice(start, at);
          const known = (start === 0 ? this.opening : this.following).get(chunk);
          if (!known) {
            complete = false;
            missing?.[start === 0 ? 'opening' : 'following'].add(chunk);
            continue;
          }
          if (!complete) continue;
          for (let k = 1; k < known.length; k += 2) {
            const at = offset + position + known[k]! + 1;
            if (at > MAX_POSITION) return undefined;
            const id = known[k + 1]!;
            if (at !== herePosition) {
              const emptied = this.before;
              this.before = this.here;
              this.here = emptied;
              beforeCount = at === herePosition + 1 ? hereCount : 0;
              hereCount = 0;
              herePosition = at;
            }
            for (let b = 0; b < beforeCount; b++) this.pair(this.before[b]!, id);
            if (hereCount === this.here.length) this.here = grown(this.here);
            this.here[hereCount++] = id;
            lastUsed = at - offset;
            occurrences = this.add(id, weightBits | at, occurrences);
          }
          position += known[0]!;
        }
        offset += lastUsed;
      }
      if (!complete) {
        if (!missing) throw new Error('a chunk the server was asked about is still unknown');
        return MISSING;
      }
      const document = this.encode();
      return document && { document, pairs: this.pairs.slice().sort((a, b) => a - b) };
    } finally {
      for (const id of this.used) this.first[id] = -1;
      this.used.length = 0;
    }
  }

  /** Notes the pair of lexemes `first` and `second` in this document, once. */
  private pair(first: number, second: number): void {
    let number = this.pairNumbers.get(first, second);
    if (number === UNKNOWN_PAIR) {
      number = lexemePairNumber(this.lexemeBytes[first]!, this.lexemeBytes[second]!);
      this.pairNumbers.set(first, second, number);
    }
    if (this.seen[number + 32_768] === this.stamp) return;
    this.seen[number + 32_768] = this.stamp;
    this.pairs.push(number);
  }

  /** Records lexeme `id` at `position` (with its weight); returns the occurrences now recorded. */
  private add(id: number, position: number, occurrences: number): number {
    if (occurrences === this.occurrencePosition.length) {
      this.occurrencePosition = grown(this.occurrencePosition);
      this.occurrenceNext = grown(this.occurrenceNext);
    }
    this.occurrencePosition[occurrences] = position;
    this.occurrenceNext[occurrences] = -1;
    if (this.first[id] === -1) {
      this.first[id] = occurrences;
      this.count[id] = 1;
      this.used.push(id);
    } else {
      this.occurrenceNext[this.last[id]!] = occurrences;
      this.count[id]!++;
    }
    this.last[id] = occurrences;
    return occurrences + 1;
  }

  /** The recorded occurrences as `tsvectorsend` writes a document, or undefined past a lexeme's positions. */
  private encode(): Uint8Array | undefined {
    const ids = this.used.sort((a, b) => (this.lexemes[a]! < this.lexemes[b]! ? -1 : 1));
    let size = 4;
    for (const id of ids) {
      if (this.count[id]! > MAX_POSITIONS) return undefined;
      size += this.lexemeBytes[id]!.length + 3 + 2 * this.count[id]!;
    }
    const out = new Uint8Array(size);
    new DataView(out.buffer).setInt32(0, ids.length);
    let at = 4;
    for (const id of ids) {
      out.set(this.lexemeBytes[id]!, at);
      at += this.lexemeBytes[id]!.length + 1;
      out[at++] = this.count[id]! >> 8;
      out[at++] = this.count[id]! & 0xff;
      for (let o = this.first[id]!; o !== -1; o = this.occurrenceNext[o]!) {
        out[at++] = this.occurrencePosition[o]! >> 8;
        out[at++] = this.occurrencePosition[o]! & 0xff;
      }
    }
    return out;
  }

  /** Asks the server for the missing chunks' documents, in their contexts, and remembers them. */
  private async learn(missing: Missing): Promise<void> {
    const opening = [...missing.opening];
    const following = [...missing.following];
    const documents = await chunkDocuments(this.pool, [...opening.map((c) => `${c} ${END_WORD}`), ...following.map((c) => ` ${c} ${END_WORD}`)]);
    documents.forEach((document, i) => {
      const chunk = i < opening.length ? opening[i]! : following[i - opening.length]!;
      (i < opening.length ? this.opening : this.following).set(chunk, this.chunkEntry(readTsvector(document)));
    });
  }

  /**
   * A chunk's entry from its document with the end word after it. Without the end word, or
   * with its position capped, the positions go uncounted and a text using the chunk is left
   * to the server whole (it takes more than a text may).
   */
  private chunkEntry(entries: TsvectorEntry[]): Int32Array {
    const end = entries.find((e) => e.lexeme === this.endLexeme);
    const endsAt = end ? end.positions[end.positions.length - 1]! : MAX_POSITION;
    const taken = endsAt >= MAX_POSITION ? MAX_POSITION + 1 : endsAt - 1;
    const found: Array<[number, number]> = [];
    for (const { lexeme, positions } of entries) for (const position of positions) if (position <= taken) found.push([position - 1, this.lexemeId(lexeme)]);
    return Int32Array.from([taken, ...found.sort((a, b) => a[0] - b[0]).flat()]);
  }

  private lexemeId(lexeme: string): number {
    let id = this.lexemeIds.get(lexeme);
    if (id !== undefined) return id;
    id = this.lexemes.length;
    this.lexemeIds.set(lexeme, id);
    this.lexemes.push(lexeme);
    this.lexemeBytes.push(Buffer.from(lexeme, 'latin1'));
    if (id === this.first.length) {
      this.first = grown(this.first, -1);
      this.last = grown(this.last);
      this.count = grown(this.count);
    }
    return id;
  }

  /** Lets go of every chunk and lexeme, for an import of more words than are worth remembering. */
  private forget(): void {
    this.opening.clear();
    this.following.clear();
    this.lexemeIds.clear();
    this.lexemes.length = 0;
    this.lexemeBytes.length = 0;
    this.pairNumbers.clear();
  }
}

const UNKNOWN_PAIR = 0x7fff_ffff;

/**
 * Pair numbers by the ids of the pair's two lexemes, in open addressing: with a Map keyed by
 * one number made of the two, 100,000 documents took 2.2 s, 0.65 of it on their pairs; 1.85 s
 * with this.
 */
class PairNumbers {
  private firsts = new Int32Array(1 << 16).fill(-1);
  private seconds = new Int32Array(1 << 16);
  private numbers = new Int32Array(1 << 16);
  size = 0;

  get(first: number, second: number): number {
    const mask = this.firsts.length - 1;
    for (let slot = pairSlot(first, second) & mask; this.firsts[slot] !== -1; slot = (slot + 1) & mask) {
      if (this.firsts[slot] === first && this.seconds[slot] === second) return this.numbers[slot]!;
    }
    return UNKNOWN_PAIR;
  }

  set(first: number, second: number, number: number): void {
    if (2 * (this.size + 1) > this.firsts.length) this.grow();
    const mask = this.firsts.length - 1;
    let slot = pairSlot(first, second) & mask;
    while (this.firsts[slot] !== -1) slot = (slot + 1) & mask;
    this.firsts[slot] = first;
    this.seconds[slot] = second;
    this.numbers[slot] = number;
    this.size++;
  }

  clear(): void {
    this.firsts.fill(-1);
    this.size = 0;
  }

  private grow(): void {
    const { firsts, seconds, numbers } = this;
    this.firsts = new Int32Array(2 * firsts.length).fill(-1);
    this.seconds = new Int32Array(2 * firsts.length);
    this.numbers = new Int32Array(2 * firsts.length);
    this.size = 0;
    for (let slot = 0; slot < firsts.length; slot++) if (firsts[slot] !== -1) this.set(firsts[slot]!, seconds[slot]!, numbers[slot]!);
  }
}

const pairSlot = (first: number, second: number) => {
  const mixed = Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca6b);
  return mixed ^ (mixed >>> 15);
};

interface Missing {
  opening: Set<string>;
  following: Set<string>;
}

/** A lexeme (its UTF-8 bytes, one character a byte) and its positions, weights left out. */
interface TsvectorEntry {
  lexeme: string;
  positions: number[];
}

const MISSING = Symbol('missing');
/** Chunks (or lexemes) and pairs remembered before they are all let go: about 100 MB and 40 MB. */
const MAX_CHUNKS = 1_000_000;
const MAX_PAIRS = 2_000_000;
/** The last position PostgreSQL keeps as it is: it writes 16,383 for every one after (LIMITPOS). */
const MAX_POSITION = 16_382;
/** The positions a lexeme keeps: PostgreSQL drops any past these (MAXNUMPOS). */
const MAX_POSITIONS = 255;
/** A word no text search dictionary stops or splits, put after each chunk to count its positions. */
const END_WORD = 'qqbroadsheetchunkendqq';
const WEIGHTS = { A: 3, B: 2, C: 1, D: 0 } as const;

/** Space, tab, line feed, carriage return: the characters chunks are split at. */
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function grown(old: Int32Array<ArrayBuffer>, fill = 0): Int32Array<ArrayBuffer> {
  const to = new Int32Array(old.length * 2).fill(fill);
  to.set(old);
  return to;
}

/** The documents of `texts` as the server makes them, in `tsvectorsend`'s form. */
async function chunkDocuments(pool: Kysely<DB>, texts: string[]): Promise<Buffer[]> {
  const { rows } = await sql<{ document: Buffer }>`SELECT tsvectorsend(to_tsvector(${SEARCH_CONFIGURATION}::regconfig, t.text)) AS document
    FROM unnest(${textArray(texts)}::text[]) WITH ORDINALITY AS t(text, n) ORDER BY t.n`.execute(pool);
  return rows.map((r) => r.document);
}

/**
 * A document in `tsvectorsend`'s form, big-endian: the number of lexemes, then each lexeme
 * as UTF-8 ending in a zero byte, its number of positions, and the positions (a weight in
 * the top two bits).
 */
function readTsvector(bytes: Buffer): TsvectorEntry[] {
  const entries: TsvectorEntry[] = [];
  let at = 4;
  for (let n = bytes.readInt32BE(0); n > 0; n--) {
    const end = bytes.indexOf(0, at);
    const lexeme = bytes.toString('latin1', at, end);
    const count = bytes.readUInt16BE(end + 1);
    at = end + 3;
    const positions: number[] = [];
    for (let k = 0; k < count; k++, at += 2) positions.push(bytes.readUInt16BE(at) & 0x3fff);
    entries.push({ lexeme, positions });
  }
  return entries;
}
