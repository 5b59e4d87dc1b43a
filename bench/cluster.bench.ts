import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import { copyDatabase } from '../src/operations/database-copy.js';
import { postgresTarget } from '../src/operations/postgres-copy.js';
import { sqliteSource } from '../src/operations/sqlite-copy.js';
import { fillWordPairs } from '../src/search/word-pairs-postgres.js';
import { startBalancer } from './support/balancer.js';
import { cpuSeconds } from './support/bare-server.js';
import { repoRoot, startServerProcess } from './support/built-server.js';
import { benchPostgresDatabase, memorySettings } from './support/postgres-database.js';
import { STEADY_STATE_RENDERS } from './support/steady-state.js';

/**
 * `npm run bench -- cluster` (with TEST_POSTGRES_URL: `scripts/with-postgres.sh npm run bench -- cluster`):
 * 1 and then 2 server processes on one PostgreSQL database of BENCH_ARTICLES (100,000)
 * generated articles, behind a round-robin balancer (Debian's nginx if installed, else a
 * node:http proxy), each configuration measured on
 * - a warm article page: req/s and p99 with autocannon, 50 connections, BENCH_SECONDS (5) s;
 * - article pages on a cache miss, one at a time: p50/p99 of 1,000 different articles, each
 *   asked for once after STEADY_STATE_RENDERS renders of others per process (budget p99
 *   <= 10 ms), with the CPU each miss costs the servers, the balancer and PostgreSQL (from
 *   /proc: figures the machine's other load moves far less than latency), and 300 more
 *   misses sent straight to the first server, so that the balancer's own share of the
 *   latency shows;
 * - article pages on a cache miss under load: every request a different article, 50 connections.
 * and the scaling ratio of 2 processes over 1. The load generator runs in this process on the
 * same machine: with 2 cores, two servers, a balancer and autocannon share them.
 *
 * The articles are generated once into a SQLite site in data/bench/cluster-<count>/ and moved
 * into each run's throwaway PostgreSQL database by `db copy` (generating them in PostgreSQL
 * took minutes a run).
 */
const COUNT = Number(process.env.BENCH_ARTICLES ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const TZ = 'Europe/London';
const MISS_BUDGET_MS = 10;
const DIRECT_MISSES = 300;
const postgresUrl = process.env.TEST_POSTGRES_URL;
const archiveDir = join(repoRoot, 'data', 'bench', `cluster-${COUNT}`);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;
const ms = (seconds: number, requests: number) => ((seconds * 1000) / requests).toFixed(2);

const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

/**
 * CPU seconds so far of every process of the PostgreSQL server at `url` (its backends and
 * helpers) when it runs on this machine, else undefined.
 */
async function postgresCpu(url: string): Promise<(() => number) | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const postmaster = parentOf(backend);
    if (!readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes('postgres')) return undefined;
    return () =>
      readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .reduce((sum, d) => {
          try {
            return parentOf(Number(d)) === postmaster ? sum + cpuSeconds(Number(d)) : sum;
          } catch {
            return sum; // a process that ended meanwhile
          }
        }, 0);
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

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

/** Asks for each path once, one at a time; answers the sorted milliseconds. */
async function oneAtATime(base: string, paths: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const path of paths) {
    const { status, ms } = await timedGet(base + path);
    if (status !== 200) throw new Error(`${path} answered ${status}`);
    times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

async function measure(processes: number, databaseUrl: string, paths: { warm: string; steady: string[]; misses: string[]; direct: string[]; loaded: string[] }): Promise<Figures> {
  const dirs = Array.from({ length: processes }, () => mkdtempSync(join(tmpdir(), 'broadsheet-cluster-bench-')));
  const servers = await Promise.all(dirs.map((dir) => startServerProcess({ DATABASE_URL: databaseUrl, DATA_DIR: dir, SITE_URL: 'http://127.0.0.1', LOG_LEVEL: 'warn' })));
  const balancer = await startBalancer(servers.map((s) => s.url));
  const databaseCpu = await postgresCpu(databaseUrl);
  const serversCpu = () => servers.reduce((sum, s) => sum + cpuSeconds(s.proc.pid!), 0);
  try {
    console.log(`\n${processes} process${processes > 1 ? 'es' : ''} (${servers[0]!.label}) behind ${balancer.label}:`);
    // Each process renders and keeps the warm page (round robin: every process gets some of these).
    for (let i = 0; i < 10 * processes; i++) await timedGet(balancer.url + paths.warm);
    await autocannon({ url: balancer.url + paths.warm, connections: 50, duration: 1 });
    const warm = await autocannon({ url: balancer.url + paths.warm, connections: 50, duration: DURATION });
    if (warm.non2xx || warm.errors) throw new Error(`warm: ${warm.non2xx} non-2xx answers, ${warm.errors} errors`);
    console.log(`  warm article page: ${warm.requests.average.toFixed(0)} req/s, p99 ${warm.latency.p99} ms (${load()})`);

    // Round robin: every process renders its share of these before the misses are timed.
    await oneAtATime(balancer.url, paths.steady.slice(0, STEADY_STATE_RENDERS * processes));
    const before = { servers: serversCpu(), balancer: cpuSeconds(balancer.pid), database: databaseCpu?.() };
    const times = await oneAtATime(balancer.url, paths.misses);
    const n = paths.misses.length;
    const missP99 = pct(times, 99);
    console.log(`  cache miss, one at a time, ${n} different articles: p50 ${pct(times, 50).toFixed(2)} ms, p99 ${missP99.toFixed(2)} ms (budget <= ${MISS_BUDGET_MS} ms) ${missP99 <= MISS_BUDGET_MS ? 'PASS' : 'FAIL'} (${load()})`);
    console.log(
      `    CPU per miss: server${processes > 1 ? 's' : ''} ${ms(serversCpu() - before.servers, n)} ms, balancer ${ms(cpuSeconds(balancer.pid) - before.balancer, n)} ms, ` +
        (databaseCpu ? `PostgreSQL ${ms(databaseCpu() - before.database!, n)} ms` : 'PostgreSQL not on this machine'),
    );
    const direct = await oneAtATime(servers[0]!.url, paths.direct);
    console.log(`    ${direct.length} more misses straight to a server, no balancer: p50 ${pct(direct, 50).toFixed(2)} ms, p99 ${pct(direct, 99).toFixed(2)} ms`);

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

/** The generated site, made once in data/bench/cluster-<count>/ (SQLite), reused by later runs. */
async function prepareArchive(): Promise<string> {
  mkdirSync(archiveDir, { recursive: true });
  const file = join(archiveDir, 'broadsheet.sqlite');
  const fresh = !existsSync(file);
  const database = openDatabase({ databaseUrl: '', dataDir: archiveDir });
  try {
    await migrateToLatest(database);
    if (fresh) {
      const started = Date.now();
      await loadDemo(database.db, TZ);
      await generateArchive(database.db, { count: COUNT, timeZone: TZ });
      await database.refreshStatistics();
      console.log(`generated ${COUNT.toLocaleString('en-GB')} articles in ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await database.close();
  }
  return file;
}

if (!postgresUrl) {
  console.log('cluster: skipped, it needs PostgreSQL (scripts/with-postgres.sh npm run bench -- cluster)');
  process.exit(0);
}

const archive = await prepareArchive();
const throwaway = await benchPostgresDatabase(postgresUrl, 'cluster');
let ok = false;
try {
  const report = await copyDatabase(sqliteSource(archive), postgresTarget(throwaway.url));
  console.log(`db copy of the ${COUNT.toLocaleString('en-GB')}-article site into PostgreSQL: ${report.seconds.toFixed(1)} s`);
  const database = openDatabase({ databaseUrl: throwaway.url, dataDir: archiveDir });
  // What the servers' search-pairs job would do in their first minute, done before they are measured.
  console.log(`search rows given their word pairs: ${(await fillWordPairs(database.db)).toLocaleString('en-GB')}`);
  await sql`VACUUM ANALYZE`.execute(database.db);
  console.log(`PostgreSQL server: ${await memorySettings(database.db)}`);
  const rows = await database.db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['sections.slug as section', 'articles.url_month', 'articles.slug'])
    .where('articles.status', '=', 'published')
    .orderBy(sql`(articles.id * 7919) % 100003`)
    .limit(60_000)
    .execute();
  await database.close();
  const all = rows.map((r) => `/${r.section}/${r.url_month}/${r.slug}`);
  // Disjoint articles for each configuration and each measurement, spread over the whole archive, so that every miss is one.
  const half = Math.floor(all.length / 2);
  const share = (from: number) => ({
    warm: all[from]!,
    misses: all.slice(from + 1, from + 1001),
    direct: all.slice(from + 1001, from + 1001 + DIRECT_MISSES),
    steady: all.slice(from + 1001 + DIRECT_MISSES, from + 1001 + DIRECT_MISSES + 2 * STEADY_STATE_RENDERS),
    loaded: all.slice(from + 1001 + DIRECT_MISSES + 2 * STEADY_STATE_RENDERS, from + half),
  });
  const one = await measure(1, throwaway.url, share(0));
  const two = await measure(2, throwaway.url, share(half));
  console.log(`\nscaling, 2 processes over 1: warm ${(two.warmRps / one.warmRps).toFixed(2)}×, cache miss under load ${(two.missRps / one.missRps).toFixed(2)}× (${load()}; the machine has ${availableParallelism()} cores shared by the servers, the balancer and the load generator)`);
  ok = one.missP99 <= MISS_BUDGET_MS && two.missP99 <= MISS_BUDGET_MS;
  console.log(`cache-miss article p99 <= ${MISS_BUDGET_MS} ms on PostgreSQL at ${COUNT.toLocaleString('en-GB')} articles: ${ok ? 'PASS' : 'FAIL'} (1 process ${one.missP99.toFixed(2)} ms, 2 processes ${two.missP99.toFixed(2)} ms)`);
} finally {
  await throwaway.drop();
}
process.exit(ok ? 0 : 1);
