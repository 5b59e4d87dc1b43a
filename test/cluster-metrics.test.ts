import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createMetrics, type Metrics } from '../src/metrics/metrics.js';
import { cachedServer } from '../src/site/cache/node-server.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };
const token = 'a-metrics-token-of-some-length';

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describeEachDatabase('metrics and health', (fixture) => {
  let server: ServerType;
  let url: string;
  let metrics: Metrics;
  let cache: RenderCache;
  let articlePath: string;

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    articlePath = (await publishedArticle(services, { headline: 'Counted on the wire' })).path;
    cache = new RenderCache();
    metrics = createMetrics({ renderCache: cache, database: services.database });
    const app = createApp({ services, config: { ...config, metricsToken: token }, renderCache: cache, metrics });
    url = await new Promise<string>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer: cachedServer(cache, { observer: metrics }) }, (info) => resolve(`http://127.0.0.1:${info.port}`));
    });
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  const scrape = async () => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('wants the METRICS_TOKEN as a bearer token when one is set', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all!' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: expect.stringContaining('METRICS_TOKEN') });
    expect(await scrape()).toContain('broadsheet_http_requests_total');
  });

  it('counts requests by route kind, render-cache hits and misses, and what the cache holds', async () => {
    const before = await scrape();
    expect((await fetch(`${url}${articlePath}`)).status).toBe(200);
    expect((await fetch(`${url}${articlePath}`)).status).toBe(200);
    expect((await fetch(`${url}/no-such-page/at/all`)).status).toBe(404);
    const after = await scrape();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('broadsheet_http_requests_total{kind="article",status="2xx"}')).toBe(2);
    expect(delta('broadsheet_http_request_duration_seconds_count{kind="article"}')).toBe(2);
    expect(delta('broadsheet_http_requests_total{kind="other",status="4xx"}')).toBe(1);
    expect(delta('broadsheet_render_cache_hits_total')).toBe(1);
    expect(delta('broadsheet_render_cache_misses_total')).toBe(2);
    expect(sample(after, 'broadsheet_render_cache_entries')).toBe(cache.size);
    expect(sample(after, 'broadsheet_render_cache_bytes')).toBe(cache.bytes);
    expect(cache.size).toBeGreaterThan(0);
  });

  it('reports the database pool, jobs, newsletter deliveries and the event loop', async () => {
    metrics.job('publish-scheduled', 'ran');
    metrics.job('publish-scheduled', 'failed');
    metrics.job('publish-scheduled', 'skipped');
    const text = await scrape();
    expect(text).toContain('broadsheet_db_pool_connections{state="in_use"}');
    expect(text).toContain('broadsheet_db_pool_connections{state="waiting"} 0');
    expect(sample(text, 'broadsheet_job_runs_total{job="publish-scheduled"}')).toBe(2);
    expect(sample(text, 'broadsheet_job_failures_total{job="publish-scheduled"}')).toBe(1);
    expect(sample(text, 'broadsheet_job_skips_total{job="publish-scheduled"}')).toBe(1);
    expect(text).toContain('broadsheet_newsletter_deliveries{state="queued"} 0');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
  });

  it('answers /healthz without the database and /readyz with each check, 503 naming a missing migration', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok' } });

    const { db } = fixture().database;
    const last = await sql<{ name: string; timestamp: string }>`SELECT name, timestamp FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db);
    const { name, timestamp } = last.rows[0]!;
    await sql`DELETE FROM kysely_migration WHERE name = ${name}`.execute(db);
    try {
      const notReady = await fetch(`${url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ ready: false, checks: { database: 'ok', migrations: `not applied: ${name}` } });
    } finally {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${name}, ${timestamp})`.execute(db);
    }
  });
});

it('/healthz answers while the database is closed, and /readyz says it is unreachable', async () => {
  const { createSqliteDatabase } = await import('./support/databases.js');
  const test = await createSqliteDatabase();
  const app = createApp({ services: test.services, config });
  await test.database.close();
  try {
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Record<string, string> };
    expect(body.checks.database).toMatch(/^unreachable: /);
  } finally {
    await test.close().catch(() => {});
  }
});
