/** Words a minute an adult reads news prose at; the reading time shown beside the count. */
const WORDS_PER_MINUTE = 230;

const number = new Intl.NumberFormat('en-GB');

/** Words in a text: runs of letters or digits, so that "—" and "·" are not words and "don't" is one. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/**
 * The line shown under the body editor.
 *
 * @example wordCountLine(1240) // '1,240 words · 6 min read'
 */
export function wordCountLine(words: number): string {
  const count = `${number.format(words)} ${words === 1 ? 'word' : 'words'}`;
  return words === 0 ? count : `${count} · ${Math.max(1, Math.round(words / WORDS_PER_MINUTE))} min read`;
}
