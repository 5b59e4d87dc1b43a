import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import { createServices } from '../src/services.js';

/**
 * The newsroom's article list at archive scale (issue 14's budget): BENCH_ARTICLES (250,000)
 * generated articles, 8% of them turned into drafts, submissions, scheduled and unpublished
 * pieces, and /admin/articles asked for a mix of filters and orders (each status, three
 * sections, the most prolific author, a frequent and a rare headline word, each sort) at its
 * first page, page 50 (reached by following Next links) and its last page. Server time is the
 * whole request through the app in this process (session, query, render), ROUNDS times per
 * case; p50, p95 and max per case against the 50 ms budget, beside the unfiltered first page
 * as the baseline of the same run. SQLite.
 *
 * The archive is generated once into DATA_DIR/bench/admin-list-N (or copied from the soak's
 * archive of the same size, made by the same generator) and reused.
 */
const COUNT = Number(process.env.BENCH_ARTICLES ?? 250_000);
// 40, so that p95 is not simply the slowest request (with 15 it was the 15th of 15).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const BUDGET_MS = 50;
const TZ = 'Europe/London';
const dataRoot = resolve(process.env.DATA_DIR ?? './data', 'bench');
const benchDir = join(dataRoot, `admin-list-${COUNT}`);
const config = { siteName: 'The Meridian', timeZone: TZ, siteUrl: 'http://127.0.0.1' };
const email = 'bench-editor@newsroom.test';
const password = 'a long bench passphrase';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const f1 = (n: number) => n.toFixed(1);

async function openBenchDatabase(): Promise<Database> {
  mkdirSync(benchDir, { recursive: true });
  const file = join(benchDir, 'broadsheet.sqlite');
  const soak = join(dataRoot, `soak-${COUNT}`, 'broadsheet.sqlite');
  if (!existsSync(file) && existsSync(soak)) {
    console.log(`copying the ${COUNT.toLocaleString('en-GB')}-article archive from ${soak}`);
    copyFileSync(soak, file);
  }
  const database = openDatabase({ databaseUrl: '', dataDir: benchDir });
  const started = Date.now();
  await migrateToLatest(database);
  const { db } = database;
  const { n } = await db.selectFrom('articles').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) < COUNT) {
    await loadDemo(db, TZ);
    await generateArchive(db, { count: COUNT - Number(n), timeZone: TZ });
  }
  // A newsroom's list is mostly published work with some of everything else; the generator writes only published pieces.
  const drafts = await db.selectFrom('articles').select('id').where('status', '=', 'draft').limit(1).executeTakeFirst();
  if (!drafts) {
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (const [rest, status] of [[1, 'draft'], [2, 'in_review'], [3, 'scheduled'], [4, 'unpublished']] as const) {
      await sql`UPDATE articles SET status = ${status}, scheduled_for = ${status === 'scheduled' ? later : null},
        published_at = ${status === 'draft' || status === 'in_review' ? null : sql.ref('published_at')}
        WHERE id % 50 = ${rest}`.execute(db);
    }
    // Edits land on old pieces too: the list's "updated" order differs from publication order.
    await sql`UPDATE articles SET updated_at = ${new Date().toISOString()} WHERE id % 97 = 0`.execute(db);
  }
  await database.refreshStatistics();
  console.log(`${Math.max(COUNT, Number(n)).toLocaleString('en-GB')} articles ready in ${benchDir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return database;
}

async function main() {
  const database = await openBenchDatabase();
  const services = createServices(database, { timeZone: TZ, dataDir: benchDir });
  const { db } = database;
  if (!(await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())) {
    await services.users.add({ email, name: 'Bench Editor', role: 'editor', password });
  }
  const session = await services.accounts.login(email, password, '127.0.0.1');
  const app = createApp({ services, config });
  const headers = { cookie: `broadsheet_session=${session.token}` };
  const get = async (path: string) => {
    const started = process.hrtime.bigint();
    const res = await app.request(path, { headers });
    const html = await res.text();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${html.slice(0, 200)}`);
    return { ms, html };
  };
  const nextOf = (html: string) => /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  const lastOf = (html: string) => /href="([^"]+)" class="btn btn-quiet">\s*Last/.exec(html)?.[1]?.replaceAll('&amp;', '&');

  const sections = (await db.selectFrom('sections').select('slug').orderBy('id').limit(3).execute()).map((s) => s.slug);
  const author = await db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .select(['authors.slug', (e) => e.fn.countAll<number>().as('n')])
    .groupBy(['authors.id', 'authors.slug'])
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const cases: Array<[string, string]> = [
    ['unfiltered (baseline)', ''],
    ...['draft', 'in_review', 'scheduled', 'published', 'unpublished'].map((s): [string, string] => [`status ${s}`, `status=${s}`]),
    ...sections.map((s): [string, string] => [`section ${s}`, `section=${s}`]),
    [`author ${author.slug} (${Number(author.n)} pieces)`, `author=${author.slug}`],
    ['headline "government"', 'q=government'],
    ['headline "harbour" (rare)', 'q=harbour'],
    ['headline "zzqx" (no match)', 'q=zzqx'],
    // Either side of the point where a search stops reading its matches through the trigram index and walks the list.
    [`headline "soldier" (~1,700), status published`, 'q=soldier&status=published'],
    [`headline "market" (~5,000), section ${sections[1]}`, `q=market&section=${sections[1]}`],
    ['headline "er" (too short for trigrams)', 'q=er'],
    ['sort published', 'sort=published'],
    ['sort headline', 'sort=headline'],
    ['sort headline, status draft', 'sort=headline&status=draft'],
    ['sort published, section, "minister"', `sort=published&section=${sections[0]}&q=minister`],
  ];

  console.log(`\n/admin/articles server time, ${ROUNDS} requests per case, budget ${BUDGET_MS} ms`);
  console.log('case'.padEnd(46), 'page'.padEnd(8), 'p50'.padStart(7), 'p95'.padStart(7), 'max'.padStart(7));
  let worst = 0;
  let baseline = 0;
  for (const [label, query] of cases) {
    const first = `/admin/articles${query ? `?${query}` : ''}`;
    // Page 50 by following Next links, as a person would (or the list's end when it is shorter).
    let page50 = first;
    let reached = 1;
    for (let html = (await get(first)).html; reached < 50; reached++) {
      const next = nextOf(html);
      if (!next) break;
      page50 = next;
      html = (await get(next)).html;
    }
    const last = lastOf((await get(first)).html) ?? page50;
    for (const [name, path] of [['first', first], [`${reached === 50 ? '50' : `${reached}*`}`, page50], ['last', last]] as const) {
      await get(path);
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) times.push((await get(path)).ms);
      times.sort((a, b) => a - b);
      const max = times.at(-1)!;
      worst = Math.max(worst, pct(times, 95));
      if (label.startsWith('unfiltered') && name === 'first') baseline = pct(times, 50);
      console.log(label.padEnd(46), name.padEnd(8), f1(pct(times, 50)).padStart(7), f1(pct(times, 95)).padStart(7), f1(max).padStart(7), pct(times, 95) > BUDGET_MS ? ' OVER' : '');
    }
  }
  console.log(`\nbaseline (unfiltered first page) p50 ${f1(baseline)} ms; worst p95 ${f1(worst)} ms: ${worst <= BUDGET_MS ? 'PASS' : 'FAIL'} (budget ${BUDGET_MS} ms; load average ${loadavg()[0]!.toFixed(1)})`);
  console.log('* a list shorter than 50 pages: its last page reached by Next links');
  await database.close();
  process.exit(worst <= BUDGET_MS ? 0 : 1);
}

await main();
