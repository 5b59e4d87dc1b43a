import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { METER_COOKIE, meterCookie } from '../src/access/meter-cookie.js';
import { newToken, tokenHash } from '../src/accounts/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import { filesystemStorage } from '../src/media/filesystem-storage.js';
import { membershipStore } from '../src/members/membership-store.js';
import { READER_SESSION_TTL_MS } from '../src/readers/reader-accounts.js';
import { readerCookie } from '../src/readers/reader-cookie.js';
import { readerStore } from '../src/readers/reader-store.js';
import { createServices } from '../src/services.js';
import { tuneHeapForServing } from '../src/serving-heap.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { alternatingCpuRounds, alternatingRounds, bareCopyOf, pairedRatio, startBareServer } from './support/bare-server.js';
import { startServerProcess } from './support/built-server.js';
import { median } from './support/median.js';
import { readerHeaders } from './support/reader-headers.js';
import { STEADY_STATE_RENDERS } from './support/steady-state.js';
import { benchPostgresDatabase, memorySettings } from './support/postgres-database.js';

// The in-process measurements run with the heap a serving process has (before anything is generated: V8's choices stick).
tuneHeapForServing();

/**
 * Reader pages (DESIGN.md budgets), in one run:
 * 1. a warm article page with a lead image (the demo is loaded with its pictures, as `npm start`
 *    does) from the real server as `npm start` runs it (dist/main.js), analytics counting on, against
 *    a bare node:http server sending the same bytes and headers: requests/s with autocannon, 50
 *    connections, each server in its own process, the requests carrying readers' user agents and
 *    referrers (bench/support/reader-headers.ts) so that every one is counted. WARM_ROUNDS
 *    alternating rounds of WARM_SECONDS, judged by the median of the rounds' paired ratios: the
 *    best of three 5 s rounds each followed this machine's swings (the same build measured 92% of
 *    bare that way and 104% by paired rounds within the hour). Budget at least 95% (DESIGN.md:
 *    every feature on). Each server's own CPU per request is printed beside the verdict: on 2
 *    cores the load generator largely sets both servers' pace, and the ratio hides what a hit costs.
 *    The same for an anonymous metered reader: a `registered` article, the request carrying a
 *    signed meter cookie, so each answer verifies it, counts the article and signs a new one.
 *    And for a member: a `members` article, the request carrying a signed-in reader's cookie
 *    whose reader has an active membership, so each answer identifies the reader and asks
 *    their standing (both remembered in memory) before choosing the full form. And the same
 *    member on the free article: the page everyone gets, with the member's thanks in its asks.
 * 2. the article page on a cache miss with BENCH_ARTICLES (100,000) articles in SQLite and, with
 *    TEST_POSTGRES_URL (scripts/with-postgres.sh), in a PostgreSQL database generated for the run:
 *    p99 of 1,000 renders of different articles, after STEADY_STATE_RENDERS renders of others;
 *    budget at most 5 ms.
 * The generated database is kept in DATA_DIR/bench and reused by later runs. Pass `warm`
 * or `miss` to run one half.
 */
const COUNT = Number(process.env.BENCH_ARTICLES ?? 100_000);
/** Cache misses measured, each a different article. */
const MISSES = 1_000;
const TZ = 'Europe/London';
/** Warm cases: alternating rounds of each server, each this long; the verdict is the median of the rounds' paired ratios. */
const WARM_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const WARM_SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
/** Warm cases: rounds and requests of each server's CPU per request, printed beside the verdict. */
const CPU_ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3);
const CPU_REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 40_000);
/** DESIGN.md: a warm article page, every feature on, at least 95% of bare node:http's requests/s. */
const WARM_BUDGET = 0.95;
const SITE = 'http://127.0.0.1';
const config = { siteName: 'The Meridian', timeZone: TZ, siteUrl: SITE };
/** A DATA_DIR of its own, so the child process can start the real server on it (and its media). Named for the pictured demo, so a folder generated without pictures is not reused. */
const benchDir = resolve(process.env.DATA_DIR ?? './data', 'bench', `pages-pictured-${COUNT}`);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function openBenchDatabase(): Promise<Database> {
  mkdirSync(benchDir, { recursive: true });
  const fresh = !existsSync(join(benchDir, 'broadsheet.sqlite'));
  const database = openDatabase({ databaseUrl: '', dataDir: benchDir });
  await migrateToLatest(database);
  const { n } = await database.db.selectFrom('articles').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (fresh || Number(n) < COUNT) {
    const started = Date.now();
    // With its pictures, as `npm start` loads it: the warm case reads an article with a lead image.
    await loadDemo(database.db, TZ, { media: filesystemStorage(join(benchDir, 'media')) });
    await generateArchive(database.db, { count: COUNT - Number(n), timeZone: TZ });
    // As `broadsheet demo --archive` does before the site serves it.
    await database.refreshStatistics();
    console.log(`generated ${COUNT.toLocaleString('en-GB')} articles into ${benchDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    console.log(`reusing ${Number(n).toLocaleString('en-GB')} articles in ${benchDir}`);
  }
  return database;
}

/** URL path of the newest published article with a lead image: the warm case's page, pictures and all. */
async function picturedArticlePath(database: Database): Promise<string> {
  const row = await database.db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['sections.slug as section', 'articles.url_month', 'articles.slug'])
    .where('articles.status', '=', 'published')
    .where('articles.image_media_id', 'is not', null)
    .orderBy('articles.published_at', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error(`no article with a lead image in ${benchDir}: delete the folder so the demo is loaded again with its pictures`);
  return `/${row.section}/${row.url_month}/${row.slug}`;
}

/**
 * A published article made `registered` (metered), and the meter cookie of an anonymous reader
 * who has read one other article this month, signed with the bench server's SECRET_KEY.
 */
async function meteredArticlePath(database: Database, path: string): Promise<{ path: string; cookie: string }> {
  const slug = path.split('/').at(-1)!;
  await database.db.updateTable('articles').set({ access: 'registered' }).where('slug', '=', slug).where('url_month', '=', path.split('/').slice(2, 4).join('/')).execute();
  const { secretKey } = loadConfig({ DATA_DIR: benchDir });
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  return { path, cookie: `${METER_COOKIE}=${meterCookie(secretKey).write({ month, articleIds: [999_999_999] })}` };
}

/**
 * A published article made members-only, and the Cookie header of a signed-in reader with an
 * active membership (a session and a membership row as the emailed link and Stripe's webhook
 * leave them), sealed with the bench server's SECRET_KEY.
 */
async function memberArticlePath(database: Database, path: string): Promise<{ path: string; cookie: string }> {
  const [, , year, month, slug] = path.split('/');
  await database.db.updateTable('articles').set({ access: 'members' }).where('slug', '=', slug!).where('url_month', '=', `${year}/${month}`).execute();
  const { secretKey, siteUrl } = loadConfig({ DATA_DIR: benchDir });
  const at = new Date().toISOString();
  const { id: readerId } = await readerStore(database.db).upsertReader('bench-member@example.org', at);
  const token = newToken();
  await readerStore(database.db).addSession({ subscriber_id: readerId, token_hash: tokenHash(token), csrf_token: newToken(), created_at: at, expires_at: new Date(Date.now() + READER_SESSION_TTL_MS).toISOString() });
  const memberships = membershipStore(database.db);
  const periodEnd = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const existing = await memberships.bySubscription('sub_bench_member');
  if (existing) await memberships.update(existing.id, { subscriber_id: readerId, status: 'active', current_period_end: periodEnd, updated_at: at });
  else {
    const state = { subscriptionId: 'sub_bench_member', customerId: 'cus_bench_member', kind: 'membership' as const, tierId: null, status: 'active', interval: 'month' as const, amount: 500, currency: 'GBP', currentPeriodEnd: periodEnd, cancelAtPeriodEnd: false };
    await memberships.insert(state, readerId, { pastDueSince: null, eventCreated: Math.floor(Date.now() / 1000) }, at);
  }
  const jar = readerCookie(siteUrl, secretKey);
  return { path, cookie: `${jar.name}=${jar.seal(token)}` };
}

/** URL paths of published articles, spread over the whole archive. */
async function articlePaths(database: Database, limit: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['sections.slug as section', 'articles.url_month', 'articles.slug'])
    .where('articles.status', '=', 'published')
    .orderBy(sql`(articles.id * 7919) % 100003`)
    .limit(limit)
    .execute();
  return rows.map((r) => `/${r.section}/${r.url_month}/${r.slug}`);
}

/** The real server as `npm start` runs it, on the bench's data. */
const startApp = () => startServerProcess({ DATA_DIR: benchDir, DATABASE_URL: '', TIME_ZONE: TZ, SITE_URL: SITE });

async function warmThroughput(path: string, what = 'warm article page', caseHeaders: Record<string, string> = {}): Promise<boolean> {
  const app = await startApp();
  // Readers' user agents and referrers, so that analytics counts every request (it skips requests without a user agent).
  const mix = readerHeaders(SITE).map((h) => ({ ...h, ...caseHeaders }));
  try {
    // Twice: the first render stores the page, the second is what every later request gets.
    await (await fetch(app.url + path, { headers: mix[0] })).arrayBuffer();
    const warm = await fetch(app.url + path, { headers: mix[0] });
    if (warm.status !== 200) throw new Error(`${path} answered ${warm.status}`);
    const copy = await bareCopyOf(warm);
    const bare = await startBareServer(copy);
    try {
      const runs = await alternatingRounds({ bare: bare.url + path, app: app.url + path }, WARM_ROUNDS, WARM_SECONDS, mix);
      const ratio = pairedRatio(runs.app, runs.bare);
      console.log(`${what} (${copy.body.byteLength.toLocaleString('en-GB')} bytes, ${app.label}), 50 connections, readers' headers (counted), ${WARM_ROUNDS} alternating rounds × ${WARM_SECONDS} s (load average ${loadavg()[0]!.toFixed(1)}):`);
      console.log(`  bare node:http  median ${median(runs.bare).toFixed(0)} req/s (baseline)`);
      console.log(`  Broadsheet      median ${median(runs.app).toFixed(0)} req/s; median of the rounds' ratios ${(ratio * 100).toFixed(1)}% of baseline (budget >= ${WARM_BUDGET * 100}%) ${ratio >= WARM_BUDGET ? 'PASS' : 'FAIL'}`);
      // Beside the verdict, for reading: on 2 cores one autocannon thread largely sets both servers' pace, so the
      // requests/s ratio hides what a hit costs; each server's own CPU per request does not. The app's is
      // read 6 s after its last request, so that the views' write (every 5 s) is in it.
      const cpu = await alternatingCpuRounds({ bare: { pid: bare.proc.pid!, url: bare.url + path }, app: { pid: app.proc.pid!, url: app.url + path, settleMs: 6000 } }, CPU_ROUNDS, CPU_REQUESTS, mix);
      console.log(`  server CPU per request (user + system, median of ${CPU_ROUNDS} alternating rounds × ${CPU_REQUESTS.toLocaleString('en-GB')}): bare ${median(cpu.bare).toFixed(1)} µs, Broadsheet ${median(cpu.app).toFixed(1)} µs`);
      return ratio >= WARM_BUDGET;
    } finally {
      bare.proc.kill();
    }
  } finally {
    app.proc.kill();
  }
}

/** Measures the first MISSES of `paths` (MISSES + STEADY_STATE_RENDERS of them), after rendering the rest. */
async function missLatency(database: Database, allPaths: string[], databaseName = 'SQLite'): Promise<boolean> {
  const paths = allPaths.slice(0, MISSES);
  // A cache too small to hold any page: every request renders.
  const app = createApp({ services: createServices(database, { timeZone: TZ, dataDir: benchDir }), config, renderCache: new RenderCache({ maxBytes: 0 }) });
  const floor: number[] = [];
  for (const path of paths) {
    const [, section, year, month, slug] = path.split('/');
    const t = process.hrtime.bigint();
    await database.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .selectAll('articles')
      .where('sections.slug', '=', section!)
      .where('articles.url_month', '=', `${year}/${month}`)
      .where('articles.slug', '=', slug!)
      .executeTakeFirst();
    floor.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  floor.sort((a, b) => a - b);
  for (const path of allPaths.slice(MISSES)) await (await app.request(path)).arrayBuffer();
  const times: number[] = [];
  const cpu: number[] = [];
  for (const path of paths) {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    const res = await app.request(path);
    await res.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const p99 = pct(times, 99);
  console.log(`article page on a cache miss, ${COUNT.toLocaleString('en-GB')} articles in ${databaseName}, ${paths.length} different articles after ${STEADY_STATE_RENDERS.toLocaleString('en-GB')} renders of others (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores):`);
  console.log(`  baseline: one indexed article lookup p50 ${pct(floor, 50).toFixed(2)} ms, p99 ${pct(floor, 99).toFixed(2)} ms`);
  console.log(`  CPU per render p50 ${pct(cpu, 50).toFixed(2)} ms, p99 ${pct(cpu, 99).toFixed(2)} ms (what the machine's other work cannot inflate)`);
  console.log(`  wall clock p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (budget <= 5 ms) ${p99 <= 5 ? 'PASS' : 'FAIL'}`);
  return p99 <= 5;
}

/** The miss half on PostgreSQL: a database of its own on TEST_POSTGRES_URL, filled as the SQLite one is (without pictures), dropped afterwards. */
async function postgresMissLatency(postgresUrl: string): Promise<boolean> {
  const throwaway = await benchPostgresDatabase(postgresUrl, 'pages');
  const database = openDatabase({ databaseUrl: throwaway.url, dataDir: benchDir });
  try {
    await migrateToLatest(database);
    const started = Date.now();
    await loadDemo(database.db, TZ);
    await generateArchive(database.db, { count: COUNT, timeZone: TZ });
    // What autovacuum does over the next minutes, done before measuring rather than during it (it
    // took a core, and the first read of each new row wrote its hint bits): the site as it stands a day later.
    await sql`VACUUM ANALYZE`.execute(database.db);
    console.log(`generated ${COUNT.toLocaleString('en-GB')} articles in PostgreSQL in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`PostgreSQL server: ${await memorySettings(database.db)}`);
    return await missLatency(database, await articlePaths(database, MISSES + STEADY_STATE_RENDERS), 'PostgreSQL');
  } finally {
    await database.close();
    await throwaway.drop();
  }
}

const database = await openBenchDatabase();
const paths = await articlePaths(database, MISSES + STEADY_STATE_RENDERS);
const pictured = await picturedArticlePath(database);
const metered = await meteredArticlePath(database, paths[1]!);
const member = await memberArticlePath(database, paths[2]!);
await database.close();
const only = process.argv[2];
// Throughput first: the load generator runs in this process and should start out light.
// Each case measured even when one before it misses, so a run reports every figure.
const warmOk =
  only === 'miss' ||
  [
    await warmThroughput(pictured),
    await warmThroughput(metered.path, 'warm metered article, anonymous reader with a meter cookie', { cookie: metered.cookie }),
    await warmThroughput(member.path, 'warm members-only article, signed-in member', { cookie: member.cookie }),
    await warmThroughput(pictured, 'warm free article, signed-in member', { cookie: member.cookie }),
  ].every(Boolean);
let missOk = true;
if (only !== 'warm') {
  const missDatabase = openDatabase({ databaseUrl: '', dataDir: benchDir });
  missOk = await missLatency(missDatabase, paths);
  await missDatabase.close();
  if (process.env.TEST_POSTGRES_URL) missOk = (await postgresMissLatency(process.env.TEST_POSTGRES_URL)) && missOk;
  else console.log('PostgreSQL miss: skipped (set TEST_POSTGRES_URL: scripts/with-postgres.sh node --import tsx bench/pages.bench.ts miss)');
}
process.exit(missOk && warmOk ? 0 : 1);
