import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Counter as CounterType } from 'prom-client';
import type { Database } from '../db/connection.js';
import type { JobOutcome } from '../jobs/scheduler.js';
import type { RenderCache } from '../site/cache/render-cache.js';
import { healthStore } from './health-store.js';
import { ROUTE_KINDS, routeKindOf, type RouteKind } from './route-kind.js';

/** The process's own figures (event-loop delay, memory, CPU, handles): one set per process, however many apps it builds. */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface MetricsSources {
  renderCache: RenderCache;
  database: Pick<Database, 'db' | 'poolStats'>;
  /** On PostgreSQL, whether the change listener is connected (1) or not (0). */
  listening?: () => boolean;
}

/** What the request path reports: one call per answered request. */
export interface RequestObserver {
  /** A request answered: `target` is its URL path and query, `seconds` from arrival to the last byte handed to the socket. */
  request(target: string, status: number, seconds: number): void;
  cacheHit(): void;
  cacheMiss(): void;
}

export interface Metrics extends RequestObserver {
  job(name: string, outcome: JobOutcome): void;
  /** The Prometheus text exposition, read at scrape time. */
  text(): Promise<string>;
  readonly contentType: string;
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
/** From a cache hit (well under a millisecond) to a slow search. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The server's figures for Prometheus (prom-client): requests and latency by route kind, the
 * render cache, the database pool, jobs, newsletter deliveries in flight, and the process's
 * defaults (event-loop delay among them). Counting a request costs two array reads and two
 * increments: every label set is made once, up front.
 *
 * @example const metrics = createMetrics({ renderCache, database }); res.end(await metrics.text());
 */
export function createMetrics({ renderCache, database, listening }: MetricsSources): Metrics {
  const registry = new Registry();
  const processRegistry = processMetrics();
  const store = healthStore(database.db);

  const duration = new Histogram({ name: 'broadsheet_http_request_duration_seconds', help: 'Time from a request to its answer, by route kind', labelNames: ['kind'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const requests = new Counter({ name: 'broadsheet_http_requests_total', help: 'Requests answered, by route kind and status class', labelNames: ['kind', 'status'], registers: [registry] });
  const timers = Object.fromEntries(ROUTE_KINDS.map((kind) => [kind, duration.labels({ kind })])) as Record<RouteKind, Histogram.Internal<string>>;
  const counts = Object.fromEntries(
    ROUTE_KINDS.map((kind) => [kind, STATUS_CLASSES.map((status) => requests.labels({ kind, status }))]),
  ) as Record<RouteKind, CounterType.Internal[]>;

  const hits = new Counter({ name: 'broadsheet_render_cache_hits_total', help: 'Reader pages answered from the render cache', registers: [registry] });
  const misses = new Counter({ name: 'broadsheet_render_cache_misses_total', help: 'Reader pages looked for in the render cache and rendered', registers: [registry] });
  new Gauge({ name: 'broadsheet_render_cache_entries', help: 'Pages held in the render cache', registers: [registry], collect() { this.set(renderCache.size); } });
  new Gauge({ name: 'broadsheet_render_cache_bytes', help: 'Bytes of page bodies held in the render cache', registers: [registry], collect() { this.set(renderCache.bytes); } });

  new Gauge({
    name: 'broadsheet_db_pool_connections',
    help: 'Database pool connections by state (in_use, idle) and queries waiting for one (waiting); 0 on SQLite, which has no pool',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { total, idle, waiting } = database.poolStats();
      this.set({ state: 'in_use' }, total - idle);
      this.set({ state: 'idle' }, idle);
      this.set({ state: 'waiting' }, waiting);
    },
  });

  const jobRuns = new Counter({ name: 'broadsheet_job_runs_total', help: 'Job runs in this process (failed ones included)', labelNames: ['job'], registers: [registry] });
  const jobFailures = new Counter({ name: 'broadsheet_job_failures_total', help: 'Job runs that failed', labelNames: ['job'], registers: [registry] });
  const jobSkips = new Counter({ name: 'broadsheet_job_skips_total', help: 'Job ticks left to another process, which held the job lock', labelNames: ['job'], registers: [registry] });

  new Gauge({
    name: 'broadsheet_newsletter_deliveries',
    help: 'Deliveries of the newsletter issues being sent now, by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const state of ['queued', 'handed', 'sent', 'failed']) this.set({ state }, 0);
      for (const { status, count } of await store.sendingDeliveries()) this.set({ state: status }, count);
    },
  });

  if (listening) {
    new Gauge({ name: 'broadsheet_change_listener_connected', help: 'Whether this process is listening for other processes\u2019 changes (PostgreSQL NOTIFY)', registers: [registry], collect() { this.set(listening() ? 1 : 0); } });
  }

  return {
    contentType: registry.contentType,
    request(target, status, seconds) {
      const kind = routeKindOf(target);
      timers[kind].observe(seconds);
      counts[kind][Math.min(Math.max(Math.floor(status / 100), 1), 5) - 1]!.inc();
    },
    cacheHit: () => hits.inc(),
    cacheMiss: () => misses.inc(),
    job(name, outcome) {
      if (outcome === 'skipped') return jobSkips.inc({ job: name });
      jobRuns.inc({ job: name });
      if (outcome === 'failed') jobFailures.inc({ job: name });
    },
    async text() {
      return (await registry.metrics()) + (await processRegistry.metrics());
    },
  };
}
