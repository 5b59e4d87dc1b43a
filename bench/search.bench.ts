import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import type { SearchParams } from '../src/search/search-service.js';
import { createServices } from '../src/services.js';

/**
 * Search at archive scale: BENCH_ARCHIVE (250,000) generated articles, a fixed mix of
 * 200 queries (common words, rare words, phrases, filtered, date-sorted), p50/p95/p99 on
 * SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL; beside a plain indexed slug
 * lookup as the machine's floor. Budget (DESIGN.md): SQLite p95 <= 20 ms, RSS <= 200 MB.
 */
const COUNT = Number(process.env.BENCH_ARCHIVE ?? 250_000);
const TZ = 'Europe/London';

function mix(): SearchParams[] {
  const common = ['government', 'election', 'market', 'war', 'housing', 'climate', 'railway', 'theatre', 'the', 'river'];
  const rare = ['telmora', 'vobrari', 'kalsel', 'zezo', 'pradun', 'hesvi', 'marost', 'ithzo', 'stutor', 'veldre'];
  const phrases = ['"city council"', '"prime minister"', '"trade union"', '"peace talks"', '"the army"'];
  const out: SearchParams[] = [];
  for (let i = 0; i < 200; i++) {
    const k = i % 5;
    if (k === 0) out.push({ q: common[i % common.length] });
    else if (k === 1) out.push({ q: rare[i % rare.length] });
    else if (k === 2) out.push({ q: `${phrases[i % phrases.length]} -coal` });
    else if (k === 3) out.push({ q: common[(i + 3) % common.length], section: ['world', 'politics', 'business'][i % 3], issue: i % 2 ? String(100 + i * 20) : undefined });
    else out.push({ q: `${common[(i + 1) % common.length]} ${common[(i + 5) % common.length]}`, sort: 'date' });
  }
  return out;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function run(name: string, database: Database): Promise<number> {
  await migrateToLatest(database);
  const services = createServices(database, { timeZone: TZ });
  const started = Date.now();
  await loadDemo(database.db, TZ);
  await generateArchive(database.db, { count: COUNT, timeZone: TZ });
  console.log(`${name}: generated ${COUNT.toLocaleString('en-GB')} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const slugs = (await database.db.selectFrom('articles').select(['slug', 'section_id', 'url_month']).limit(200).execute());
  const floor: number[] = [];
  for (const s of slugs) {
    const t = process.hrtime.bigint();
    await database.db.selectFrom('articles').select('id').where('section_id', '=', s.section_id).where('url_month', '=', s.url_month).where('slug', '=', s.slug).executeTakeFirst();
    floor.push(ms(t));
  }
  const queries = mix();
  for (const q of queries.slice(0, 20)) await services.search.search(q);
  const times: number[] = [];
  for (const q of queries) {
    const t = process.hrtime.bigint();
    await services.search.search(q);
    times.push(ms(t));
  }
  times.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  console.log(`${name}: baseline slug lookup p50 ${pct(floor, 50).toFixed(2)} ms, p95 ${pct(floor, 95).toFixed(2)} ms`);
  console.log(`${name}: search (200 queries) p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`);
  return pct(times, 95);
}

let failed = false;
const dir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-search-'));
try {
  const sqlite = openDatabase({ databaseUrl: '', dataDir: dir });
  const p95 = await run('SQLite', sqlite);
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`SQLite: search p95 ${p95.toFixed(1)} ms (budget 20 ms) ${p95 <= 20 ? 'PASS' : 'FAIL'}`);
  console.log(`RSS after loading and searching: ${rss.toFixed(0)} MB (budget 200 MB) ${rss <= 200 ? 'PASS' : 'FAIL'}`);
  failed = p95 > 20 || rss > 200;
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pgUrl = process.env.TEST_POSTGRES_URL;
if (!pgUrl) {
  console.log('PostgreSQL: SKIPPED (set TEST_POSTGRES_URL, e.g. scripts/with-postgres.sh node --import tsx bench/search.bench.ts)');
} else {
  const name = `broadsheet_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString(), dataDir: dir });
  try {
    const p95 = await run('PostgreSQL', database);
    console.log(`PostgreSQL: search p95 ${p95.toFixed(1)} ms (no budget; reported)`);
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
process.exit(failed ? 1 : 0);
