import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BroadsheetError } from '../errors.js';

/** What a reader form, a JSON endpoint or a newsroom form may send. */
export const FORM_BODY_LIMIT = 64 * 1024;

/** A request body over its limit. The message says the limit and never repeats the input. */
export class PayloadTooLargeError extends BroadsheetError {
  override name = 'PayloadTooLargeError';
  override readonly status = 413;
  constructor(readonly maxBytes: number) {
    super(`The request is larger than ${sizeInWords(maxBytes)}, the most this address accepts; nothing was saved`);
  }
}

const sizeInWords = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`);

export interface BodyLimitOptions {
  /** Bytes any request body may have unless a rule in `larger` names its path. */
  maxBytes?: number;
  /** Paths allowed more, each with its own limit (the media upload, the article editor). */
  larger?: Array<{ path: RegExp; maxBytes: number }>;
}

/**
 * Refuses request bodies over their limit with a PayloadTooLargeError (413) before any
 * route reads them. hono's bodyLimit answers from Content-Length without reading, and
 * counts a chunked body on the stream, stopping at the limit: memory never grows with
 * what a client sends.
 *
 * @example app.use(requestBodyLimit({ larger: [{ path: /^\/admin\/media$/, maxBytes: 15 * 1024 * 1024 }] }))
 */
export function requestBodyLimit({ maxBytes = FORM_BODY_LIMIT, larger = [] }: BodyLimitOptions = {}): MiddlewareHandler {
  const guard = (max: number) =>
    bodyLimit({
      maxSize: max,
      onError: () => {
        throw new PayloadTooLargeError(max);
      },
    });
  const fallback = guard(maxBytes);
  const rules = larger.map((rule) => ({ path: rule.path, guard: guard(rule.maxBytes) }));
  return async function requestBodyLimit(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const rule = rules.find((r) => r.path.test(c.req.path));
    return (rule?.guard ?? fallback)(c, next);
  };
}
