import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import { createServices } from '../src/services.js';
import { withSiteDataMemo } from '../src/site/cache/site-data.js';
import { siteRoutes } from '../src/site/routes.js';
import { benchPostgresDatabase } from './support/postgres-database.js';

/**
 * The archive, fronts and sitemaps at a century's scale: BENCH_ARCHIVE (250,000)
 * generated articles over 5,200 weekly issues. Each URL kind is rendered uncached
 * (the site routes without the render cache in front), p50/p99 per kind, beside
 * /robots.txt through the same router as the floor. DESIGN.md budgets an uncached
 * article page at p99 <= 5 ms; the archive and fronts are held to the same budget.
 */
const COUNT = Number(process.env.BENCH_ARCHIVE ?? 250_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BUDGET_MS = 5;
const TZ = 'Europe/London';
const config = { siteName: 'Bench Gazette', timeZone: TZ, siteUrl: 'https://bench.example' };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function urlKinds(database: Database): Promise<Array<{ kind: string; urls: string[] }>> {
  const services = createServices(database, { timeZone: TZ });
  const months = await services.archive.months();
  const pick = <T,>(list: T[], n: number) => Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
  const sampleMonths = pick(months, 10).map((m) => m.month);
  const [topics, authors, issues, sections] = await Promise.all([
    services.taxonomy.listTopics(),
    services.taxonomy.listAuthors(),
    services.taxonomy.listPrintIssues(),
    services.taxonomy.listSections(),
  ]);
  return [
    { kind: 'home', urls: ['/'] },
    { kind: 'section front p1', urls: sections.map((s) => `/${s.slug}`) },
    { kind: 'section front p50', urls: sections.map((s) => `/${s.slug}?page=50`) },
    { kind: 'topic page', urls: pick(topics, 10).map((t) => `/topic/${t.slug}`) },
    { kind: 'author page', urls: pick(authors, 10).map((a) => `/author/${a.slug}`) },
    { kind: 'print issue', urls: pick(issues, 10).map((i) => `/issue/${i.number}`) },
    { kind: '/archive', urls: ['/archive'] },
    { kind: '/archive/YYYY', urls: [...new Set(sampleMonths.map((m) => `/archive/${m.slice(0, 4)}`))] },
    { kind: '/archive/YYYY/MM', urls: sampleMonths.map((m) => `/archive/${m}`) },
    { kind: '/sitemap.xml', urls: ['/sitemap.xml'] },
    { kind: 'month sitemap', urls: sampleMonths.map((m) => `/sitemaps/articles-${m.replace('/', '-')}.xml`) },
    { kind: '/sitemap-news.xml', urls: ['/sitemap-news.xml'] },
    { kind: '/feed', urls: ['/feed', ...sections.map((s) => `/${s.slug}/feed`)] },
  ];
}

async function run(name: string, database: Database): Promise<boolean> {
  await migrateToLatest(database);
  const services = createServices(database, { timeZone: TZ });
  const started = Date.now();
  await loadDemo(database.db, TZ);
  await generateArchive(database.db, { count: COUNT, timeZone: TZ });
  // As `broadsheet demo --archive` does before the site serves it.
  await database.refreshStatistics();
  console.log(`${name}: generated ${COUNT.toLocaleString('en-GB')} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // PostgreSQL's autovacuum analyses the new rows within a minute or so; the pages are measured as they will be served then.
  if (database.dialect.name !== 'sqlite') await sql`ANALYZE`.execute(database.db);

  const site = siteRoutes(withSiteDataMemo(services), config);
  const time = async (url: string) => {
    const t = process.hrtime.bigint();
    const res = await site.request(url);
    await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const measure = async (urls: string[]) => {
    for (const url of urls) await time(url);
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) for (const url of urls) times.push(await time(url));
    return times.sort((a, b) => a - b);
  };

  const floor = await measure(['/robots.txt']);
  console.log(`${name}: baseline /robots.txt through the same router   p50 ${pct(floor, 50).toFixed(2)} ms  p99 ${pct(floor, 99).toFixed(2)} ms`);
  let ok = true;
  for (const { kind, urls } of await urlKinds(database)) {
    const times = await measure(urls);
    const p99 = pct(times, 99);
    const pass = p99 <= BUDGET_MS;
    ok &&= pass;
    console.log(`${name}: ${kind.padEnd(20)} p50 ${pct(times, 50).toFixed(2).padStart(7)} ms  p99 ${p99.toFixed(2).padStart(7)} ms  (budget p99 ${BUDGET_MS} ms) ${pass ? 'PASS' : 'FAIL'}`);
  }
  return ok;
}

let failed = false;
const dir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-archive-'));
try {
  const sqlite = openDatabase({ databaseUrl: '', dataDir: dir });
  failed = !(await run('SQLite', sqlite));
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const postgresUrl = process.env.TEST_POSTGRES_URL;
if (postgresUrl) {
  const throwaway = await benchPostgresDatabase(postgresUrl, 'archive');
  const database = openDatabase({ databaseUrl: throwaway.url, dataDir: tmpdir(), poolSize: 4 });
  try {
    failed = !(await run('PostgreSQL', database)) || failed;
  } finally {
    await database.close();
    await throwaway.drop();
  }
} else {
  console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL to measure it too)');
}
process.exit(failed ? 1 : 0);
