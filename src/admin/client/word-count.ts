import { readingTime } from '../../content/word-count.js';

const number = new Intl.NumberFormat('en-GB');

/**
 * The line shown under the body editor.
 *
 * @example wordCountLine(1240) // '1,240 words · 5 min read'
 */
export function wordCountLine(words: number): string {
  const count = `${number.format(words)} ${words === 1 ? 'word' : 'words'}`;
  return words === 0 ? count : `${count} · ${readingTime(words)}`;
}
