import { Parser } from 'htmlparser2';
import { ValidationError } from '../errors.js';

/**
 * Limits on a file's shape, checked in one cheap pass before the libraries whose
 * cost grows faster than the file (Readability with nesting, compromise with line
 * length) see it. Real pages stay far inside them: news pages nest 20–60 deep and
 * print paragraphs of a few hundred characters.
 */

/** Deepest element nesting an HTML page may have (1,000 nested elements cost Readability 14 s). */
export const MAX_HTML_DEPTH = 200;

/** Longest line page text may have (one line of thousands of dates cost topic suggestion 99 s). */
export const MAX_LINE_LENGTH = 10_000;

/**
 * Refuses HTML nested deeper than MAX_HTML_DEPTH, naming the line where it goes past; the
 * parser stops there, so the check costs little however deep the file goes.
 */
export function checkHtmlDepth(content: string, name: string): void {
  let depth = 0;
  const parser = new Parser({
    onopentag() {
      if (++depth > MAX_HTML_DEPTH) {
        const line = content.slice(0, parser.startIndex).split('\n').length;
        throw new ValidationError(`${name}: elements nested more than ${MAX_HTML_DEPTH} deep (at line ${line}); the limit for an HTML page is ${MAX_HTML_DEPTH}`);
      }
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(content);
}

/** A post's HTML body, once checkHtmlDepth passed it (htmlparser2 slows quadratically past a few thousand levels). */
export function checkedHtml(html: string, where: string): string {
  checkHtmlDepth(html, where);
  return html;
}

/** Refuses page text with a line longer than MAX_LINE_LENGTH characters, naming the line. */
export function checkLineLength(content: string, name: string): void {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= content.length; i++) {
    const code = i < content.length ? content.charCodeAt(i) : 10;
    // Lines end as the page-text reader ends them: \n, \r\n or \r.
    if (code !== 10 && code !== 13) continue;
    if (i - start > MAX_LINE_LENGTH) {
      throw new ValidationError(`${name}: line ${line} is ${(i - start).toLocaleString('en-GB')} characters long; page text may have at most ${MAX_LINE_LENGTH.toLocaleString('en-GB')} characters a line`);
    }
    if (code === 13 && content.charCodeAt(i + 1) === 10) i++;
    line++;
    start = i + 1;
  }
}

/**
 * Runs a recursive reader of markup inside a file (a post's HTML body), turning a
 * stack overflow on nesting thousands deep into a refusal that says where. Such
 * readers are quick at any depth they can reach, so no cap is needed before them.
 */
export function readNested<T>(read: () => T, name: string, where: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) throw new ValidationError(`${name}: ${where}: its HTML nests elements too deep to read`);
    throw error;
  }
}
