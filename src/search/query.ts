/**
 * What a reader typed into the search box, reduced to plain words. Nothing a reader
 * types reaches a full-text engine as syntax: operators, brackets, stars and colons
 * are dropped here, and each dialect quotes the words it is given.
 */
export interface ParsedQuery {
  /** Every word or quoted phrase that must appear; a single word is a one-word phrase. */
  required: string[][];
  /** Words or phrases that must not appear (typed as -word or -"a phrase"). */
  excluded: string[][];
  /** True when the query was cut to the length or word limit. */
  truncated: boolean;
}

/** Longest query read, in characters; the rest is ignored. */
export const MAX_QUERY_LENGTH = 200;
/** Most words kept across all parts, so a pasted essay stays a cheap query. */
export const MAX_QUERY_WORDS = 16;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
// A part: optional minus, then a quoted phrase (closing quote optional) or a bare token.
const PART = /(-?)"([^"]*)"?|(-?)([^\s"]+)/gu;

const wordsOf = (text: string) => (text.toLowerCase().match(WORD) ?? []) as string[];

/**
 * Splits a query into required and excluded phrases.
 *
 * @example parseQuery('climate "carbon tax" -coal') // required [['climate'], ['carbon','tax']], excluded [['coal']]
 */
export function parseQuery(input: string): ParsedQuery {
  const text = input.normalize('NFC');
  let truncated = text.length > MAX_QUERY_LENGTH;
  const required: string[][] = [];
  const excluded: string[][] = [];
  const seen = new Set<string>();
  let budget = MAX_QUERY_WORDS;

  for (const m of text.slice(0, MAX_QUERY_LENGTH).matchAll(PART)) {
    const quoted = m[2] !== undefined;
    const minus = (quoted ? m[1] : m[3]) === '-';
    // "-" inside a bare token (e-mail, 2020-21) joins words; only a leading one excludes.
    const words = wordsOf(quoted ? m[2]! : m[4]!);
    if (words.length === 0) continue;
    if (words.length > budget) {
      truncated = true;
      if (budget === 0) break;
      words.length = budget;
    }
    const key = `${minus ? '-' : '+'}${words.join(' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    budget -= words.length;
    (minus ? excluded : required).push(words);
  }
  return { required, excluded, truncated };
}

/** The query written back out, normalised: for "Did you mean" style links and logs. */
export function formatQuery(q: ParsedQuery): string {
  const part = (words: string[]) => (words.length > 1 ? `"${words.join(' ')}"` : words[0]);
  return [...q.required.map(part), ...q.excluded.map((w) => `-${part(w)}`)].join(' ');
}
