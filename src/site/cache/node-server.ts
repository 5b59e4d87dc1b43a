import { createServer, type IncomingMessage, type RequestListener, type ServerOptions, type ServerResponse } from 'node:http';
import { fairTurns } from '../../http/fair-turns.js';
import { answerHead, chooseForm, chooseFormNow, lookup } from './lookup.js';
import type { CachedPage, RenderCache } from './render-cache.js';
import type { AskState } from '../../asks/ask-slot.js';
import type { RequestObserver } from '../../metrics/metrics.js';

/**
 * A `createServer` for @hono/node-server's `serve` that answers cache hits before the
 * request reaches Hono, and queues the reads that reach it (GET and HEAD: renders) in fair
 * turns (src/http/fair-turns.ts). Other methods go straight on: an upload's body arrives at
 * its sender's pace and must not hold the queue. `renders` is how many renders may be in
 * flight: few where queries run on the event loop's own thread (SQLite), more where they
 * wait on the network (PostgreSQL).
 *
 * `observer` is told of every request (the /metrics figures); `countView` too (analytics' page views).
 *
 * @example serve({ fetch: app.fetch, port: 3000, createServer: cachedServer(renderCache, { renders: 4 }) })
 */
export function cachedServer(
  cache: RenderCache,
  { renders = 4, observer, countView }: { renders?: number; observer?: RequestObserver; countView?: (req: IncomingMessage, res: ServerResponse) => void } = {},
): typeof createServer {
  const turns = fairTurns({ concurrency: renders });
  return ((options: ServerOptions, listener: RequestListener) => {
    const app = listener as (req: IncomingMessage, res: ServerResponse) => unknown;
    const inTurn = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'GET' || req.method === 'HEAD') turns(() => app(req, res));
      else app(req, res);
    };
    const front = renderCacheFront(cache, inTurn, observer);
    // Analytics sees each request after the cache has answered it or passed it on to render: counted once either way.
    return createServer(options, countView ? (req, res) => (front(req, res), countView(req, res)) : front);
  }) as typeof createServer;
}

/**
 * The same hits, answered before Hono sees the request: a warm page costs what a bare
 * node:http server costs. Misses, pending invalidations and everything else go on to
 * `next` (the app's listener), where the middleware renders and stores.
 *
 * @example serve({ fetch: app.fetch, createServer: (options, listener) => http.createServer(options, renderCacheFront(cache, listener)) })
 */
export function renderCacheFront<L extends (req: IncomingMessage, res: ServerResponse) => void>(cache: RenderCache, app: L, observer?: RequestObserver): L {
  // A hit is timed where it is answered; anything else when its answer has gone to the socket.
  const next = observer ? (observed(app, observer) as L) : app;
  return function renderCacheFront(req, res) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || cache.busy) return next(req, res);
    const start = observer ? performance.now() : 0;
    const target = req.url ?? '/';
    const found = lookup(cache, target, (name) => req.headers[name]);
    if (!found.page) {
      if (observer && (!found.bypass || found.reader)) observer.cacheMiss();
      return next(req, res);
    }
    // An article behind the meter has its form chosen per request, and every page's asks are
    // filled per reader: at once for anonymous readers (an HMAC), after a lookup for signed-in ones.
    const now = chooseFormNow(cache, found, target, req.headers.cookie);
    if (now !== 'wait') return now ? answer(req, res, now, observer, start) : next(req, res);
    chooseForm(cache, found, target, req.headers.cookie).then(
      (chosen) => (chosen ? answer(req, res, chosen, observer, start) : next(req, res)),
      () => next(req, res),
    );
  } as L;
}

/** `app`, with each request it answers counted once its answer is written. */
function observed(app: (req: IncomingMessage, res: ServerResponse) => void, observer: RequestObserver) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const start = performance.now();
    res.once('finish', () => observer.request(req.url ?? '/', res.statusCode, (performance.now() - start) / 1000));
    app(req, res);
  };
}

function answer(req: IncomingMessage, res: ServerResponse, { page, headers: extra, ask }: { page: CachedPage; headers?: Record<string, string>; ask?: AskState }, observer: RequestObserver | undefined, start: number) {
  const { status, headers, body } = answerHead(page, req.headers['if-none-match'], extra, ask);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  if (observer) {
    observer.cacheHit();
    observer.request(req.url ?? '/', status, (performance.now() - start) / 1000);
  }
}
