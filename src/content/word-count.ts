/** Words a minute an adult reads news prose at. */
const WORDS_PER_MINUTE = 230;

/** Words in a text: runs of letters or digits, so that "—" and "·" are not words and "don't" is one. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/**
 * How long a text of this many words takes to read, never under a minute; shown on article
 * pages and under the newsroom's body editor, so both say the same.
 *
 * @example readingTime(1240) // '5 min read'
 */
export function readingTime(words: number): string {
  return `${Math.max(1, Math.round(words / WORDS_PER_MINUTE))} min read`;
}
