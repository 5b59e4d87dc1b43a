import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import proxyaddr from 'proxy-addr';
import { dayOf } from './days.js';
import { PendingViews } from './pending-views.js';
import type { SaltStore } from './salt-store.js';
import { isPrefetch, memo, readAgent, readPage, readReferrer, sameHost, visitorIds, type Page } from './view-reading.js';
import type { ViewRows, ViewStore } from './view-store.js';

export interface ViewCounterOptions {
  store: ViewStore;
  salts: SaltStore;
  timeZone: string;
  /** TRUST_PROXY's list (proxy-addr's notation). */
  trustProxy: string[];
  /** SITE_URL: a referrer on this host is not a source. */
  siteUrl?: string;
  logger?: Logger;
  now?: () => Date;
  /** Views held while the database cannot take them; the oldest are dropped beyond this. */
  maxPending?: number;
}

/** Distinct request targets, user agents and referrers remembered, each. */
const REMEMBERED = 10_000;

/**
 * Counts reader page views without a database write per view. The listener's hook (`observe`)
 * notes each counted answer in memory, its headers read once per distinct value (bots,
 * prefetches, do-not-track, source, device); `flush` (every few seconds, and on stop) hashes
 * the visitor ids and writes the batch as few multi-row inserts. A crash loses at most the
 * views since the last flush; a database that is down keeps them in memory, up to
 * `maxPending`, dropping the oldest (and saying so) beyond that.
 *
 * Counted: GET answers 200, and 304 (a browser revalidating a page it keeps is a reader
 * opening it again), to the pages `pageKind` names; HEAD, errors and redirects are not.
 *
 * @example const counter = viewCounter({ store, salts, timeZone, trustProxy: [] }); http.createServer((req, res) => { counter.observe(req, res); app(req, res) })
 */
const defaultNow = () => new Date();

export function viewCounter({ store, salts, timeZone, trustProxy, siteUrl, logger, now = defaultNow, maxPending = 100_000 }: ViewCounterOptions) {
  // Date.now() on the hot path unless a test brings its own clock.
  const clock = now === defaultNow ? Date.now : () => now().getTime();
  let pending = new PendingViews();
  let flushing: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const trust = proxyaddr.compile(trustProxy);
  const ownHosts = new Set(siteUrl && URL.canParse(siteUrl) ? [new URL(siteUrl).hostname.toLowerCase()] : []);
  const pageOf = memo(REMEMBERED, readPage);
  const agentOf = memo(REMEMBERED, readAgent);
  const referrerOf = memo(REMEMBERED, (referer) => readReferrer(referer, ownHosts));
  const visitorOf = visitorIds();
  // Salts by day, made or read once per day per process; a day's salt leaves memory once the day is over.
  const saltsByDay = new Map<string, string>();
  // Null: a path found not to be a counted page (one segment, not a section), not asked again.
  const pathIds = new Map<string, number | null>();
  // Source ids by the page's UTM values, then the referrer's host: two lookups, no key built per view.
  const sourceIds = new Map<string, Map<string, number>>();
  const sourceIdOf = (utmKey: string, host: string) => sourceIds.get(utmKey)?.get(host);

  /** The client address, through trusted proxies only (as the sign-in limits read it). */
  function clientAddress(req: IncomingMessage): string {
    const socketAddress = req.socket.remoteAddress;
    if (!socketAddress) return 'unknown';
    return trustProxy.length && req.headers['x-forwarded-for'] !== undefined ? proxyaddr(req, trust) : socketAddress;
  }

  function note(req: IncomingMessage, status: number, page: Page) {
    if (status !== 200 && status !== 304) return;
    const headers = req.headers;
    const userAgent = headers['user-agent'];
    const agent = userAgent ? agentOf(userAgent) : null;
    if (!agent || isPrefetch(headers['sec-purpose'] ?? headers.purpose ?? headers['x-moz'] ?? headers['x-purpose'])) return;
    const referrer = headers.referer ? referrerOf(headers.referer) : undefined;
    const host = referrer && !sameHost(referrer.authority, headers.host) ? referrer.host : '';
    const address = headers.dnt === '1' || headers['sec-gpc'] === '1' ? null : clientAddress(req);
    pending.push(clock(), page, host, agent, address);
    if (pending.length > maxPending) {
      // A tenth at a time, so that a long outage drops in steps rather than shifting every array per view.
      const dropped = pending.length - maxPending + Math.floor(maxPending / 10);
      pending.dropOldest(dropped);
      logger?.warn({ dropped }, 'analytics: views could not be written in time; the oldest were dropped');
    }
  }

  async function saltFor(day: string, today: string): Promise<string | undefined> {
    const known = saltsByDay.get(day);
    if (known || day < today) return known;
    const salt = await salts.saltOf(day);
    saltsByDay.set(day, salt);
    return salt;
  }

  // A batch's views mostly fall in one minute, and no time zone changes its date within a minute.
  let dayMinute = NaN;
  let dayOfMinute = '';
  function dayOfView(at: number): string {
    const minute = Math.floor(at / 60_000);
    if (minute !== dayMinute) {
      dayMinute = minute;
      dayOfMinute = dayOf(new Date(at), timeZone);
    }
    return dayOfMinute;
  }

  async function write(batch: PendingViews): Promise<number> {
    const today = dayOf(now(), timeZone);
    // First the batch's days' salts, and the paths and sources never seen before.
    const daySalts = new Map<string, string | undefined>();
    const newPaths = new Map<string, string>();
    const newSources = new Set<string>();
    for (let i = 0; i < batch.length; i++) {
      const day = dayOfView(batch.at[i]!);
      if (!daySalts.has(day)) daySalts.set(day, await saltFor(day, today));
      const page = batch.page[i]!;
      if (!pathIds.has(page.path)) newPaths.set(page.path, page.kind);
      if (sourceIdOf(page.utmKey, batch.referrerHost[i]!) === undefined) newSources.add(`${batch.referrerHost[i]}\0${page.utmKey}`);
    }
    if (newPaths.size) {
      const found = await store.pathIds([...newPaths].map(([path, kind]) => ({ path, kind })));
      for (const [path, id] of found) pathIds.set(path, id);
    }
    if (newSources.size) {
      for (const [key, id] of await store.sourceIds([...newSources])) {
        const cut = key.indexOf('\0');
        const utmKey = key.slice(cut + 1);
        let byHost = sourceIds.get(utmKey);
        if (!byHost) sourceIds.set(utmKey, (byHost = new Map()));
        byHost.set(key.slice(0, cut), id);
      }
    }
    const rows: ViewRows = [];
    for (let i = 0; i < batch.length; i++) {
      const page = batch.page[i]!;
      const pathId = pathIds.get(page.path);
      if (pathId === undefined || pathId === null) continue;
      const at = batch.at[i]!;
      const address = batch.address[i]!;
      const agent = batch.agent[i]!;
      // No salt: a view of a day whose salt is gone is counted without a visitor id.
      const salt = address === null ? undefined : daySalts.get(dayOfView(at));
      rows.push(Math.floor(at / 1000), pathId, sourceIdOf(page.utmKey, batch.referrerHost[i]!)!, agent.device, salt === undefined ? null : visitorOf(salt, address!, agent.userAgent));
    }
    await store.insertRows(rows);
    for (const day of saltsByDay.keys()) if (day < today) saltsByDay.delete(day);
    return rows.length / 5;
  }

  const counter = {
    /**
     * The listener's hook: call it for every request once the listener has had its turn. A cache
     * hit has been answered by then and is noted at once (no listener on the hot path); a
     * render is noted when its answer has gone.
     */
    observe(req: IncomingMessage, res: ServerResponse): void {
      if (req.method !== 'GET') return;
      const page = pageOf(req.url ?? '/');
      if (!page) return;
      if (res.writableEnded) note(req, res.statusCode, page);
      else res.once('finish', () => note(req, res.statusCode, page));
    },

    /** Writes the views noted so far; how many were stored. */
    flush(): Promise<number> {
      if (flushing) return flushing.then(() => counter.flush());
      if (!pending.length) return Promise.resolve(0);
      const batch = pending;
      pending = new PendingViews();
      flushing = write(batch)
        .catch((error) => {
          logger?.warn({ err: error, views: batch.length }, 'analytics: views could not be written; kept for the next try');
          pending.prepend(batch);
          if (pending.length > maxPending) pending.dropOldest(pending.length - maxPending);
          return 0;
        })
        .finally(() => {
          flushing = undefined;
        });
      return flushing;
    },

    /** Views noted and not yet written. */
    get pendingCount() {
      return pending.length;
    },

    /** Flushes every `everyMs` until `stop`. */
    start(everyMs = 5000): void {
      timer = setInterval(() => void counter.flush(), everyMs);
      timer.unref();
    },

    /** Stops the timer and writes what is left. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await counter.flush();
    },
  };
  return counter;
}

export type ViewCounter = ReturnType<typeof viewCounter>;
