import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { addDays, dayOf, dayWindow } from '../src/analytics/days.js';
import { analyticsRollup } from '../src/analytics/rollup.js';
import { viewStore, type StoredView } from '../src/analytics/view-store.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { prng } from '../src/demo/archive-words.js';
import { loadDemo } from '../src/demo/load.js';
import { alternatingCpuRounds, alternatingRounds, bareCopyOf, pairedRatio, pinApart, startBareServer } from './support/bare-server.js';
import { startServerProcess } from './support/built-server.js';
import { median } from './support/median.js';
import { readerHeaders, referrers, userAgents } from './support/reader-headers.js';

/**
 * Analytics (issue #20), two parts (pass `budget` or `size` to run one):
 * 1. budget: what counting costs. A warm article page from the real server with counting on
 *    (the default) and with ANALYTICS=off, beside a bare node:http server sending the same bytes,
 *    each in its own process, in alternating rounds (the servers pinned to cores apart from the
 *    load generator's; BENCH_PIN=0 to not), requests carrying a mix of readers' headers
 *    (50 browsers' user agents, 20 referrers and none; bench/support/reader-headers.ts) so that
 *    every one is counted and written, and no per-header memo is flattered by one constant
 *    value. Budgets: on ≥ 95% of bare (DESIGN.md's warm article page, every feature on), and within 5% of off.
 * 2. size: BENCH_DAYS (1) day(s) of BENCH_VIEWS_PER_DAY (1,000,000) generated views written through
 *    the batch writer's insert into a fresh SQLite file and rolled up; prints bytes per raw view,
 *    rollup bytes per day, and a year's size at that rate (30 days raw + 365 days of rollups, which
 *    grow with the page × source pairs of a day left after folding one-view sources into "Other
 *    sources", scaled as if linearly with views: an upper bound);
 *    budget under 2 GB.
 */
const TZ = 'Europe/London';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const CPU_REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 40_000);
/** Alternating rounds of each server: this shared machine's speed swings by a third from one minute to the next. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 41);
const CPU_ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3);
const benchDir = resolve(process.env.DATA_DIR ?? './data', 'bench');

/** A DATA_DIR with the demo loaded (SQLite serves from one process, so each server has its own); the path of its newest free article. */
async function demoDataDir(name: string): Promise<{ dataDir: string; path: string }> {
  const dataDir = join(benchDir, name);
  // Fresh each run: the views an earlier run counted would be the counting server's alone to carry.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const database = openDatabase({ databaseUrl: '', dataDir });
  await migrateToLatest(database);
  await loadDemo(database.db, TZ);
  const row = await database.db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('articles.status', '=', 'published')
    .where('articles.access', '=', 'free')
    .orderBy('articles.published_at', 'desc')
    .select(['sections.slug as section', 'articles.url_month', 'articles.slug'])
    .executeTakeFirstOrThrow();
  await database.close();
  return { dataDir, path: `/${row.section}/${row.url_month}/${row.slug}` };
}

async function budget(): Promise<boolean> {
  const [counting, notCounting] = [await demoDataDir('analytics-on'), await demoDataDir('analytics-off')];
  const path = counting.path;
  if (notCounting.path !== path) throw new Error(`the two demo folders differ (${path}, ${notCounting.path})`);
  const site = 'http://127.0.0.1';
  const env = { DATABASE_URL: '', TIME_ZONE: TZ, SITE_URL: site };
  const on = await startServerProcess({ ...env, DATA_DIR: counting.dataDir });
  const off = await startServerProcess({ ...env, DATA_DIR: notCounting.dataDir, ANALYTICS: 'off' }).catch((error: unknown) => {
    on.proc.kill();
    throw error;
  });
  const mix = readerHeaders(site);
  const headers = mix[0]!;
  try {
    await (await fetch(on.url + path, { headers })).arrayBuffer();
    await (await fetch(off.url + path, { headers })).arrayBuffer();
    const copy = await bareCopyOf(await fetch(on.url + path, { headers }));
    const bare = await startBareServer(copy);
    const pinned = process.env.BENCH_PIN !== '0' && pinApart([bare.proc.pid!, on.proc.pid!, off.proc.pid!]);
    try {
      // Each triple meets the machine in the same mood; rounds are short and many, for a median that holds still.
      const runs = await alternatingRounds({ bare: bare.url + path, on: on.url + path, off: off.url + path }, ROUNDS, SECONDS, mix);
      const ofBare = pairedRatio(runs.on, runs.bare);
      const ofOff = pairedRatio(runs.on, runs.off);
      console.log(
        `warm article page (${copy.body.byteLength.toLocaleString('en-GB')} bytes, ${on.label}), 50 connections, ${userAgents.length} user agents × ${referrers(site).length} referrers and none, ${ROUNDS} alternating rounds × ${SECONDS} s, ${pinned ? 'servers and load generator pinned to separate cores' : 'not pinned'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}:`,
      );
      for (const name of ['bare', 'off', 'on'] as const) console.log(`  ${name.padEnd(4)} median ${median(runs[name]).toFixed(0)} req/s   rounds ${runs[name].map((r) => r.toFixed(0)).join(', ')}`);
      console.log(`  median of the rounds' ratios: on / bare ${(ofBare * 100).toFixed(1)}% (budget >= 95%) ${ofBare >= 0.95 ? 'PASS' : 'FAIL'}; on / off ${(ofOff * 100).toFixed(1)}% (budget >= 95%) ${ofOff >= 0.95 ? 'PASS' : 'FAIL'}`);
      // The server's own CPU per request, beside: a second view of what counting costs, for reading
      // rather than the verdict, since on this shared machine a process's CPU time per request swings
      // with the others' load much as its throughput does. 6 s after the last request the views have
      // been written (every 5 s), and their insert is in the figure.
      const cpu = await alternatingCpuRounds(
        { bare: { pid: bare.proc.pid!, url: bare.url + path }, on: { pid: on.proc.pid!, url: on.url + path, settleMs: 6000 }, off: { pid: off.proc.pid!, url: off.url + path, settleMs: 6000 } },
        CPU_ROUNDS,
        CPU_REQUESTS,
        mix,
      );
      console.log(`CPU per request (server process, user + system, median of ${CPU_ROUNDS} alternating rounds × ${CPU_REQUESTS.toLocaleString('en-GB')} requests):`);
      for (const name of ['bare', 'off', 'on'] as const) console.log(`  ${name.padEnd(4)} ${median(cpu[name]).toFixed(1)} µs   rounds ${cpu[name].map((c) => c.toFixed(1)).join(', ')}`);
      console.log(`  counting costs ${median(cpu.on.map((c, i) => c - cpu.off[i]!)).toFixed(1)} µs a view (median of the rounds' differences)`);
      return ofBare >= 0.95 && ofOff >= 0.95;
    } finally {
      bare.proc.kill();
    }
  } finally {
    on.proc.kill();
    off.proc.kill();
  }
}

/** The SQLite file's bytes in use (pages minus free pages), after a checkpoint. */
async function usedBytes(database: Database): Promise<number> {
  await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
  const pages = await sql<{ page_count: number }>`pragma page_count`.execute(database.db);
  const free = await sql<{ freelist_count: number }>`pragma freelist_count`.execute(database.db);
  const size = await sql<{ page_size: number }>`pragma page_size`.execute(database.db);
  return (pages.rows[0]!.page_count - free.rows[0]!.freelist_count) * size.rows[0]!.page_size;
}

async function size(): Promise<boolean> {
  const perDay = Number(process.env.BENCH_VIEWS_PER_DAY ?? 1_000_000);
  const days = Number(process.env.BENCH_DAYS ?? 1);
  const dataDir = join(benchDir, 'analytics-size');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const database = openDatabase({ databaseUrl: '', dataDir });
  await migrateToLatest(database);
  const store = viewStore(database.db);
  // A newsroom's day: 3,000 pages read, the newest much more than the archive (cubed uniform draws); 300 sources, of
  // which direct visits are 60%, five search engines and networks 20%, twenty more 15% and the rest 5%; 2.5 pages a visitor.
  const sourceIndex = (r: number) => (r < 0.6 ? 0 : r < 0.8 ? 1 + Math.floor(((r - 0.6) / 0.2) * 5) : r < 0.95 ? 6 + Math.floor(((r - 0.8) / 0.15) * 20) : 26 + Math.floor(((r - 0.95) / 0.05) * 274));
  const pathIds = [...(await store.pathIds(Array.from({ length: 3000 }, (_, i) => ({ path: `/search-${i}`, kind: 'search' })))).values()] as number[];
  const sourceIds = [...(await store.sourceIds(Array.from({ length: 300 }, (_, i) => `${i ? `host-${i}.example` : ''}\0\0\0`))).values()];
  const before = await usedBytes(database);
  const today = dayOf(new Date(), TZ);
  const next = prng(20);
  const started = Date.now();
  for (let d = days; d >= 1; d--) {
    const { start, end } = dayWindow(addDays(today, -d), TZ);
    for (let written = 0; written < perDay; ) {
      const batch: StoredView[] = [];
      for (let i = 0; i < 10_000 && written < perDay; i++, written++) {
        batch.push({
          at: start + Math.floor((written / perDay) * (end - start)),
          path_id: pathIds[Math.floor(next() ** 3 * pathIds.length)]!,
          source_id: sourceIds[sourceIndex(next())]!,
          device: Math.floor(next() * 3),
          visitor: next() < 0.05 ? null : Math.floor(next() * (perDay / 2.5)) * 65_537 + d,
        });
      }
      await store.insertViews(batch);
    }
  }
  const writeSeconds = (Date.now() - started) / 1000;
  const raw = await usedBytes(database);
  const rollupStarted = Date.now();
  const { rolledUp } = await analyticsRollup(database, { timeZone: TZ }).run();
  const rollupSeconds = (Date.now() - rollupStarted) / 1000;
  const rolled = await usedBytes(database);
  const views = perDay * days;
  const perView = (raw - before) / views;
  const rollupPerDay = (rolled - raw) / rolledUp.length;
  const year = 30 * 1_000_000 * perView + 365 * rollupPerDay * (1_000_000 / perDay);
  const { n } = await database.db.selectFrom('analytics_daily').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  console.log(`${views.toLocaleString('en-GB')} views over ${days} days written in ${writeSeconds.toFixed(1)} s (${Math.round(views / writeSeconds).toLocaleString('en-GB')} views/s), rolled up in ${rollupSeconds.toFixed(1)} s (load average ${loadavg()[0]!.toFixed(1)}):`);
  console.log(`  raw: ${perView.toFixed(1)} bytes per view (row and time index)`);
  console.log(`  rollups: ${Number(n).toLocaleString('en-GB')} cells, ${(rollupPerDay / 1e6).toFixed(2)} MB per day`);
  console.log(`  a year at 1,000,000 views a day: 30 days raw ${((30e6 * perView) / 1e9).toFixed(2)} GB + 365 days of rollups ${((365 * rollupPerDay * (1e6 / perDay)) / 1e9).toFixed(2)} GB = ${(year / 1e9).toFixed(2)} GB (budget < 2 GB) ${year < 2e9 ? 'PASS' : 'FAIL'}`);
  console.log(`  file on disk: ${(statSync(join(dataDir, 'broadsheet.sqlite')).size / 1e6).toFixed(0)} MB`);
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  return year < 2e9;
}

const only = process.argv[2];
let ok = true;
if (!only || only === 'size') ok = (await size()) && ok;
if (!only || only === 'budget') ok = (await budget()) && ok;
process.exit(ok ? 0 : 1);
