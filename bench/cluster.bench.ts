import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import { startBalancer } from './support/balancer.js';
import { startServerProcess } from './support/built-server.js';
import { benchPostgresDatabase } from './support/postgres-database.js';

/**
 * `npm run bench -- cluster` (with TEST_POSTGRES_URL: `scripts/with-postgres.sh npm run bench -- cluster`):
 * 1 and then 2 server processes on one PostgreSQL database of BENCH_ARTICLES (100,000)
 * generated articles, behind a round-robin balancer (Debian's nginx if installed, else a
 * node:http proxy), each configuration measured on
 * - a warm article page: req/s and p99 with autocannon, 50 connections, BENCH_SECONDS (5) s;
 * - article pages on a cache miss, one at a time: p50/p99 of 1,000 different articles
 *   (budget p99 <= 10 ms);
 * - article pages on a cache miss under load: every request a different article, 50 connections.
 * and the scaling ratio of 2 processes over 1. The load generator runs in this process on the
 * same machine: with 2 cores, two servers, a balancer and autocannon share them.
 */
const COUNT = Number(process.env.BENCH_ARTICLES ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const TZ = 'Europe/London';
const MISS_BUDGET_MS = 10;
const postgresUrl = process.env.TEST_POSTGRES_URL;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;

interface Figures {
  warmRps: number;
  warmP99: number;
  missP50: number;
  missP99: number;
  missRps: number;
  missLoadedP99: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
/** One GET, its body read; resolves with its status and milliseconds. */
const timedGet = (url: string) =>
  new Promise<{ status: number; ms: number }>((resolve, reject) => {
    const t = process.hrtime.bigint();
    request(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - t) / 1e6 }));
    })
      .once('error', reject)
      .end();
  });

async function measure(processes: number, databaseUrl: string, paths: { warm: string; misses: string[]; loaded: string[] }): Promise<Figures> {
  const dirs = Array.from({ length: processes }, () => mkdtempSync(join(tmpdir(), 'broadsheet-cluster-bench-')));
  const servers = await Promise.all(dirs.map((dir) => startServerProcess({ DATABASE_URL: databaseUrl, DATA_DIR: dir, SITE_URL: 'http://127.0.0.1', LOG_LEVEL: 'warn' })));
  const balancer = await startBalancer(servers.map((s) => s.url));
  try {
    console.log(`\n${processes} process${processes > 1 ? 'es' : ''} (${servers[0]!.label}) behind ${balancer.label}:`);
    // Each process renders and keeps the warm page (round robin: every process gets some of these).
    for (let i = 0; i < 10 * processes; i++) await timedGet(balancer.url + paths.warm);
    await autocannon({ url: balancer.url + paths.warm, connections: 50, duration: 1 });
    const warm = await autocannon({ url: balancer.url + paths.warm, connections: 50, duration: DURATION });
    if (warm.non2xx || warm.errors) throw new Error(`warm: ${warm.non2xx} non-2xx answers, ${warm.errors} errors`);
    console.log(`  warm article page: ${warm.requests.average.toFixed(0)} req/s, p99 ${warm.latency.p99} ms (${load()})`);

    const times: number[] = [];
    for (const path of paths.misses) {
      const { status, ms } = await timedGet(balancer.url + path);
      if (status !== 200) throw new Error(`${path} answered ${status}`);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    const missP99 = pct(times, 99);
    console.log(`  cache miss, one at a time, ${times.length} articles: p50 ${pct(times, 50).toFixed(2)} ms, p99 ${missP99.toFixed(2)} ms (budget <= ${MISS_BUDGET_MS} ms) ${missP99 <= MISS_BUDGET_MS ? 'PASS' : 'FAIL'} (${load()})`);

    let next = 0;
    const loaded = await autocannon({
      url: balancer.url,
      connections: 50,
      duration: DURATION,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths.loaded[next++ % paths.loaded.length]! }) }],
    });
    if (loaded.non2xx || loaded.errors) throw new Error(`miss under load: ${loaded.non2xx} non-2xx answers, ${loaded.errors} errors`);
    const repeated = next > paths.loaded.length ? ` (${next - paths.loaded.length} repeated, so cache hits)` : '';
    console.log(`  cache miss under load, every request a different article${repeated}: ${loaded.requests.average.toFixed(0)} req/s, p99 ${loaded.latency.p99} ms (${load()})`);
    return { warmRps: warm.requests.average, warmP99: warm.latency.p99, missP50: pct(times, 50), missP99, missRps: loaded.requests.average, missLoadedP99: loaded.latency.p99 };
  } finally {
    await balancer.stop();
    for (const s of servers) s.proc.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once('exit', r)))));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (!postgresUrl) {
  console.log('cluster: skipped, it needs PostgreSQL (scripts/with-postgres.sh npm run bench -- cluster)');
  process.exit(0);
}

const throwaway = await benchPostgresDatabase(postgresUrl, 'cluster');
let ok = false;
try {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cluster-bench-'));
  const database = openDatabase({ databaseUrl: throwaway.url, dataDir });
  await migrateToLatest(database);
  const started = Date.now();
  await loadDemo(database.db, TZ);
  await generateArchive(database.db, { count: COUNT, timeZone: TZ });
  await sql`ANALYZE`.execute(database.db);
  console.log(`generated ${COUNT.toLocaleString('en-GB')} articles in PostgreSQL in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const rows = await database.db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['sections.slug as section', 'articles.url_month', 'articles.slug'])
    .where('articles.status', '=', 'published')
    .orderBy(sql`(articles.id * 7919) % 100003`)
    .limit(60_000)
    .execute();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  const all = rows.map((r) => `/${r.section}/${r.url_month}/${r.slug}`);
  // Disjoint articles for each configuration, so that every miss is one.
  const half = Math.floor(all.length / 2);
  const share = (from: number) => ({ warm: all[from]!, misses: all.slice(from + 1, from + 1001), loaded: all.slice(from + 1001, from + half) });
  const one = await measure(1, throwaway.url, share(0));
  const two = await measure(2, throwaway.url, share(half));
  console.log(`\nscaling, 2 processes over 1: warm ${(two.warmRps / one.warmRps).toFixed(2)}×, cache miss under load ${(two.missRps / one.missRps).toFixed(2)}× (${load()}; the machine has ${availableParallelism()} cores shared by the servers, the balancer and the load generator)`);
  ok = one.missP99 <= MISS_BUDGET_MS && two.missP99 <= MISS_BUDGET_MS;
  console.log(`cache-miss article p99 <= ${MISS_BUDGET_MS} ms on PostgreSQL at ${COUNT.toLocaleString('en-GB')} articles: ${ok ? 'PASS' : 'FAIL'} (1 process ${one.missP99.toFixed(2)} ms, 2 processes ${two.missP99.toFixed(2)} ms)`);
} finally {
  await throwaway.drop();
}
process.exit(ok ? 0 : 1);
