import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import { createServices } from '../src/services.js';
import { tuneHeapForServing } from '../src/serving-heap.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { benchPostgresDatabase, memorySettings } from './support/postgres-database.js';
import { STEADY_STATE_RENDERS } from './support/steady-state.js';

// The in-process measurements run with the heap a serving process has (before anything is generated: V8's choices stick).
tuneHeapForServing();

/**
 * The home page uncached, as readers meet it after every publication: BENCH_HOME_ARTICLES
 * (250,000) generated articles, `/` rendered BENCH_RENDERS (1,000) times through the real app
 * with a render cache too small to hold it, after STEADY_STATE_RENDERS renders, p50/p95/p99
 * beside the floor of one indexed single-row article lookup on the same database. Budget: p99 <= 5 ms, on SQLite and, with
 * TEST_POSTGRES_URL (scripts/with-postgres.sh), on PostgreSQL. The SQLite database is kept
 * in DATA_DIR/bench/home-<count> and reused.
 */
const COUNT = Number(process.env.BENCH_HOME_ARTICLES ?? 250_000);
const RENDERS = Number(process.env.BENCH_RENDERS ?? 1_000);
const BUDGET_MS = 5;
const TZ = 'Europe/London';
const config = { siteName: 'The Meridian', timeZone: TZ, siteUrl: 'http://127.0.0.1' };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

/** Loads the demo and a generated archive into an empty database, as `broadsheet demo --archive` does. */
async function fill(name: string, database: Database): Promise<void> {
  await migrateToLatest(database);
  const { n } = await database.db.selectFrom('articles').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) >= COUNT) {
    console.log(`${name}: reusing ${Number(n).toLocaleString('en-GB')} articles`);
    return;
  }
  const started = Date.now();
  await loadDemo(database.db, TZ);
  await generateArchive(database.db, { count: COUNT - Number(n), timeZone: TZ });
  await database.refreshStatistics();
  // What PostgreSQL's autovacuum does over the next minutes, done before measuring rather than during it.
  if (database.dialect.name !== 'sqlite') await sql`VACUUM ANALYZE`.execute(database.db);
  console.log(`${name}: generated ${COUNT.toLocaleString('en-GB')} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(name: string, database: Database, dataDir: string): Promise<boolean> {
  const app = createApp({ services: createServices(database, { timeZone: TZ, dataDir }), config, renderCache: new RenderCache({ maxBytes: 0 }) });
  const ids = (await database.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute()).map((r) => r.id);
  const floor: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const t = process.hrtime.bigint();
    await database.db.selectFrom('articles').selectAll().where('id', '=', ids[(i * 7919) % ids.length]!).executeTakeFirstOrThrow();
    floor.push(ms(t));
  }
  for (let i = 0; i < STEADY_STATE_RENDERS; i++) await (await app.request('/')).arrayBuffer();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    const res = await app.request('/');
    await res.arrayBuffer();
    times.push(ms(t));
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (res.status !== 200) throw new Error(`/ answered ${res.status}`);
  }
  floor.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const p99 = pct(times, 99);
  console.log(`${name}: home page uncached, ${COUNT.toLocaleString('en-GB')} articles, ${RENDERS} renders (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores):`);
  console.log(`  baseline: one indexed article lookup p50 ${pct(floor, 50).toFixed(2)} ms, p99 ${pct(floor, 99).toFixed(2)} ms`);
  console.log(`  CPU in this process per render p50 ${pct(cpu, 50).toFixed(2)} ms, p99 ${pct(cpu, 99).toFixed(2)} ms`);
  console.log(`  wall clock p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (budget p99 <= ${BUDGET_MS} ms) ${p99 <= BUDGET_MS ? 'PASS' : 'FAIL'}`);
  return p99 <= BUDGET_MS;
}

let ok = true;
const sqliteDir = resolve(process.env.DATA_DIR ?? './data', 'bench', `home-${COUNT}`);
mkdirSync(sqliteDir, { recursive: true });
const sqlite = openDatabase({ databaseUrl: '', dataDir: sqliteDir });
try {
  await fill('SQLite', sqlite);
  ok = await measure('SQLite', sqlite, sqliteDir);
} finally {
  await sqlite.close();
}

const postgresUrl = process.env.TEST_POSTGRES_URL;
if (postgresUrl) {
  const throwaway = await benchPostgresDatabase(postgresUrl, 'home');
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-home-'));
  const database = openDatabase({ databaseUrl: throwaway.url, dataDir });
  try {
    await fill('PostgreSQL', database);
    console.log(`PostgreSQL server: ${await memorySettings(database.db)}`);
    ok = (await measure('PostgreSQL', database, dataDir)) && ok;
  } finally {
    await database.close();
    await throwaway.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
} else {
  console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL: scripts/with-postgres.sh node --import tsx bench/home.bench.ts)');
}
process.exit(ok ? 0 : 1);
