import { createServer, type IncomingMessage, type RequestListener, type ServerOptions, type ServerResponse } from 'node:http';
import { fairTurns } from '../../http/fair-turns.js';
import { answerHead, chooseForm, chooseFormNow, lookup } from './lookup.js';
import type { CachedPage, RenderCache } from './render-cache.js';
import type { AskState } from '../../asks/ask-slot.js';

/**
 * A `createServer` for @hono/node-server's `serve` that answers cache hits before the
 * request reaches Hono, and queues the reads that reach it (GET and HEAD: renders) in fair
 * turns (src/http/fair-turns.ts). Other methods go straight on: an upload's body arrives at
 * its sender's pace and must not hold the queue. `renders` is how many renders may be in
 * flight: few where queries run on the event loop's own thread (SQLite), more where they
 * wait on the network (PostgreSQL).
 *
 * @example serve({ fetch: app.fetch, port: 3000, createServer: cachedServer(renderCache, { renders: 4 }) })
 */
export function cachedServer(cache: RenderCache, { renders = 4 }: { renders?: number } = {}): typeof createServer {
  const turns = fairTurns({ concurrency: renders });
  return ((options: ServerOptions, listener: RequestListener) => {
    const app = listener as (req: IncomingMessage, res: ServerResponse) => unknown;
    const inTurn = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'GET' || req.method === 'HEAD') turns(() => app(req, res));
      else app(req, res);
    };
    return createServer(options, renderCacheFront(cache, inTurn));
  }) as typeof createServer;
}

/**
 * The same hits, answered before Hono sees the request: a warm page costs what a bare
 * node:http server costs. Misses, pending invalidations and everything else go on to
 * `next` (the app's listener), where the middleware renders and stores.
 *
 * @example serve({ fetch: app.fetch, createServer: (options, listener) => http.createServer(options, renderCacheFront(cache, listener)) })
 */
export function renderCacheFront<L extends (req: IncomingMessage, res: ServerResponse) => void>(cache: RenderCache, next: L): L {
  return function renderCacheFront(req, res) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || cache.busy) return next(req, res);
    const target = req.url ?? '/';
    const found = lookup(cache, target, (name) => req.headers[name]);
    if (!found.page) return next(req, res);
    // An article behind the meter has its form chosen per request, and every page's asks are
    // filled per reader: at once for anonymous readers (an HMAC), after a lookup for signed-in ones.
    const now = chooseFormNow(cache, found, target, req.headers.cookie);
    if (now !== 'wait') return now ? answer(req, res, now) : next(req, res);
    chooseForm(cache, found, target, req.headers.cookie).then(
      (chosen) => (chosen ? answer(req, res, chosen) : next(req, res)),
      () => next(req, res),
    );
  } as L;
}

function answer(req: IncomingMessage, res: ServerResponse, { page, headers: extra, ask }: { page: CachedPage; headers?: Record<string, string>; ask?: AskState }) {
  const { status, headers, body } = answerHead(page, req.headers['if-none-match'], extra, ask);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
