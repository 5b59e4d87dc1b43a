import type { FC } from 'hono/jsx';
import { MARK_END, MARK_START } from '../fulltext.js';

/** Splits engine-highlighted text into plain runs and marked runs. */
export function markedRuns(text: string): Array<{ text: string; marked: boolean }> {
  const runs: Array<{ text: string; marked: boolean }> = [];
  for (const [i, part] of text.split(MARK_START).entries()) {
    const [inside, after] = i === 0 ? [undefined, part] : splitOnce(part, MARK_END);
    if (inside) runs.push({ text: inside, marked: true });
    if (after) runs.push({ text: after.replaceAll(MARK_END, ''), marked: false });
  }
  return runs;
}

function splitOnce(s: string, sep: string): [string, string] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, ''] : [s.slice(0, at), s.slice(at + sep.length)];
}

/**
 * Highlighted text as JSX: every run is escaped by Hono like any text, and only the
 * <mark> elements made here are markup, so article text can never inject HTML.
 */
export const Marked: FC<{ text: string }> = ({ text }) => (
  <>{markedRuns(text).map((run) => (run.marked ? <mark>{run.text}</mark> : run.text))}</>
);

export const hasMark = (text: string) => text.includes(MARK_START);
