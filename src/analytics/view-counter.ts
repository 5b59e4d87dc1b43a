import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import proxyaddr from 'proxy-addr';
import { dayOf } from './days.js';
import { pageKind } from './page-kinds.js';
import type { SaltStore } from './salt-store.js';
import { isCounted, readView, type ReadingOptions, type SeenView } from './view-reading.js';
import { sourceKey, type StoredView, type ViewRecord, type ViewStore } from './view-store.js';

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

/**
 * Counts reader page views without a database write per view. The listener's hook (`observe`)
 * notes each counted answer in memory; `flush` (every few seconds, and on stop) reads them
 * (bots, prefetches, do-not-track, source, device, visitor id) and writes them as one multi-row
 * insert. A crash loses at most the views since the last flush; a database that is down keeps
 * them in memory, up to `maxPending`, dropping the oldest (and saying so) beyond that.
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
  let pending: SeenView[] = [];
  let flushing: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const reading: ReadingOptions = { trust: proxyaddr.compile(trustProxy), ownHosts: new Set(siteUrl && URL.canParse(siteUrl) ? [new URL(siteUrl).hostname.toLowerCase()] : []) };
  // Salts by day, made or read once per day per process; a day's salt leaves memory once the day is over.
  const saltsByDay = new Map<string, string>();
  // Null: a path found not to be a counted page (one segment, not a section), not asked again.
  const pathIds = new Map<string, number | null>();
  const sourceIds = new Map<string, number>();

  function note(view: SeenView) {
    pending.push(view);
    if (pending.length > maxPending) {
      const dropped = pending.length - maxPending;
      pending = pending.slice(dropped);
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

  async function idsFor(records: ViewRecord[]): Promise<StoredView[]> {
    const newPaths = new Map<string, string>();
    const newSources = new Set<string>();
    for (const record of records) {
      if (!pathIds.has(record.path)) newPaths.set(record.path, record.kind);
      const key = sourceKey(record);
      if (!sourceIds.has(key)) newSources.add(key);
    }
    if (newPaths.size) {
      const found = await store.pathIds([...newPaths].map(([path, kind]) => ({ path, kind })));
      for (const [path, id] of found) pathIds.set(path, id);
    }
    if (newSources.size) for (const [key, id] of await store.sourceIds([...newSources])) sourceIds.set(key, id);
    return records.flatMap((record) => {
      const pathId = pathIds.get(record.path);
      if (pathId === undefined || pathId === null) return [];
      return [{ at: record.at, path_id: pathId, source_id: sourceIds.get(sourceKey(record))!, device: record.device, visitor: record.visitor }];
    });
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

  async function write(batch: SeenView[]): Promise<number> {
    const today = dayOf(now(), timeZone);
    const records: ViewRecord[] = [];
    for (const seen of batch) {
      if (!isCounted(seen.headers)) continue;
      records.push(readView(seen, await saltFor(dayOfView(seen.at), today), reading));
    }
    const views = await idsFor(records);
    await store.insertViews(views);
    for (const day of saltsByDay.keys()) if (day < today) saltsByDay.delete(day);
    return views.length;
  }

  const counter = {
    /**
     * The listener's hook: call it for every request once the listener has had its turn. A cache
     * hit has been answered by then and is noted at once (no listener on the hot path); a
     * render is noted when its answer has gone.
     */
    observe(req: IncomingMessage, res: ServerResponse): void {
      if (req.method !== 'GET') return;
      const target = req.url ?? '/';
      const kind = pageKind(target);
      if (!kind) return;
      const at = clock();
      const answered = () => {
        if (res.statusCode === 200 || res.statusCode === 304) note({ at, target, kind, headers: req.headers, socketAddress: req.socket.remoteAddress });
      };
      if (res.writableEnded) answered();
      else res.once('finish', answered);
    },

    /** Writes the views noted so far; how many were stored. */
    flush(): Promise<number> {
      if (flushing) return flushing.then(() => counter.flush());
      if (!pending.length) return Promise.resolve(0);
      const batch = pending;
      pending = [];
      flushing = write(batch)
        .catch((error) => {
          logger?.warn({ err: error, views: batch.length }, 'analytics: views could not be written; kept for the next try');
          pending = batch.concat(pending);
          if (pending.length > maxPending) pending = pending.slice(pending.length - maxPending);
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
