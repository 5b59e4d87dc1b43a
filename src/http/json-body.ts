import type { Context } from 'hono';
import { ValidationError } from '../errors.js';

/** Levels of arrays and objects a JSON body may nest; real payloads use a handful. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON text, refusing nesting deeper than `maxDepth` with a ValidationError (422).
 * JSON.parse itself copes with 200,000 nested arrays, but every recursive reader after it
 * (zod, JSON.stringify, the diff) overflows the stack, so the depth is measured first, in
 * one pass that skips over strings.
 *
 * @example parseJson('{"a":[1]}') // { a: [1] }
 */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // a backslash escapes the next character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > maxDepth) throw new ValidationError('The JSON is nested too deeply', [{ path: '', message: `more than ${maxDepth} levels of arrays and objects` }]);
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON');
  }
}

/**
 * The request's JSON body, for every JSON endpoint: read whole (the body limit has
 * already bounded it), depth-checked and parsed. Throws ValidationError (422).
 *
 * @example const input = await readJsonBody(c);
 */
export async function readJsonBody(c: Context, maxDepth = MAX_JSON_DEPTH): Promise<unknown> {
  return parseJson(await c.req.text(), maxDepth);
}
