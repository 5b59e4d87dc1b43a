import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { functionWords, prng } from '../src/demo/archive-words.js';
import { loadDemo } from '../src/demo/load.js';
import type { SearchParams } from '../src/search/search-service.js';
import { createServices } from '../src/services.js';
import { builtServerIsCurrent, repoRoot } from './support/built-server.js';

/**
 * Search at archive scale: BENCH_ARCHIVE (250,000) generated articles and a fixed mix
 * of 200 reader queries drawn from the archive's own text (1–3 words, phrases, names,
 * exclusions, filters, date order), timed through the search service on SQLite and,
 * when TEST_POSTGRES_URL is set, PostgreSQL, beside an indexed slug lookup as the
 * machine's floor. Then the real server is started in a fresh process on the SQLite
 * archive, the mix is sent to it over HTTP, and its resident memory is read from /proc,
 * beside the same server on the demo site alone.
 * Budgets (DESIGN.md): SQLite search p95 <= 20 ms; server RSS <= 200 MB.
 */
const COUNT = Number(process.env.BENCH_ARCHIVE ?? 250_000);
const ROUNDS = 3;
const TZ = 'Europe/London';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const f1 = (n: number) => n.toFixed(1);

/** 200 queries a reader might type, sampled with a fixed seed from the archive's articles. */
async function queryMix(database: Database): Promise<SearchParams[]> {
  const { db } = database;
  const random = prng(2024);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const stop = new Set(functionWords);
  const wordsOf = (text: string) => (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => !stop.has(w));
  const max = Number((await db.selectFrom('articles').select((e) => e.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
  const sections = (await db.selectFrom('sections').select('slug').execute()).map((s) => s.slug);
  const authors = (await db.selectFrom('authors').select('slug').where('slug', 'like', 'archive-%').execute()).map((s) => s.slug);
  const topics = (await db.selectFrom('topics').select('slug').execute()).map((s) => s.slug);
  const common = ['government', 'election', 'war', 'minister', 'housing', 'climate', 'market', 'strike'];
  const out: SearchParams[] = [];
  while (out.length < 200) {
    const a = await db
      .selectFrom('articles')
      .leftJoin('print_issues', 'print_issues.id', 'articles.print_issue_id')
      .select(['headline', 'standfirst', 'body_text', 'published_at', 'print_issues.number'])
      .where('articles.id', '=', 1 + Math.floor(random() * max))
      .executeTakeFirst();
    if (!a) continue;
    const words = wordsOf(`${a.headline} ${a.standfirst}`);
    if (words.length < 3) continue;
    const r = random();
    // Readers quote names and phrases of substance, not runs of "of the".
    const phrase = (text: string) => {
      const w = text.toLowerCase().match(/\p{L}+/gu) ?? [];
      const starts = w.flatMap((x, i) => (i + 1 < w.length && !stop.has(x) && !stop.has(w[i + 1]!) ? [i] : []));
      if (!starts.length) return pick(words);
      const i = pick(starts);
      return `"${w[i]} ${w[i + 1]}"`;
    };
    const q: SearchParams = {};
    if (r < 0.3) q.q = pick(words);
    else if (r < 0.45) q.q = `${pick(words)} ${pick(words)}`;
    else if (r < 0.52) q.q = `${pick(words)} ${pick(words)} ${pick(words)}`;
    else if (r < 0.6) q.q = phrase(a.headline);
    else if (r < 0.68) q.q = phrase(a.body_text);
    else if (r < 0.78) q.q = pick(common);
    else if (r < 0.84) q.q = `${pick(words)} -${pick(common)}`;
    else q.q = `${pick(common)} ${pick(words)}`;
    const f = random();
    const year = Number(a.published_at!.slice(0, 4));
    if (f < 0.12) q.section = pick(sections);
    else if (f < 0.17) Object.assign(q, { from: `${year - 5}-01-01`, to: `${year + 4}-12-31` });
    else if (f < 0.21) q.author = pick(authors);
    else if (f < 0.23 && a.number) q.issue = String(a.number);
    else if (f < 0.25) q.topic = pick(topics);
    if (random() < 0.1) q.sort = 'date';
    out.push(q);
  }
  return out;
}

async function generate(name: string, database: Database) {
  await migrateToLatest(database);
  await loadDemo(database.db, TZ);
  const started = Date.now();
  await generateArchive(database.db, { count: COUNT, timeZone: TZ });
  // As `broadsheet demo --archive` does before the site serves it.
  await database.refreshStatistics();
  const seconds = (Date.now() - started) / 1000;
  console.log(`${name}: generated ${COUNT.toLocaleString('en-GB')} articles in ${f1(seconds)} s (${Math.round(COUNT / seconds).toLocaleString('en-GB')} articles/s)`);
}

/** p95 of each round of the mix through the search service; prints the spread. */
async function searchRounds(name: string, database: Database, mix: SearchParams[]): Promise<number[]> {
  const services = createServices(database, { timeZone: TZ });
  const slugs = await database.db.selectFrom('articles').select(['slug', 'section_id', 'url_month']).orderBy('id', 'desc').limit(200).execute();
  const floor: number[] = [];
  for (const s of slugs) {
    const t = process.hrtime.bigint();
    await database.db.selectFrom('articles').select('id').where('section_id', '=', s.section_id).where('url_month', '=', s.url_month).where('slug', '=', s.slug).executeTakeFirst();
    floor.push(ms(t));
  }
  floor.sort((a, b) => a - b);
  console.log(`${name}: baseline indexed slug lookup p50 ${pct(floor, 50).toFixed(2)} ms, p95 ${pct(floor, 95).toFixed(2)} ms`);
  for (const q of mix.slice(0, 20)) await services.search.search(q);
  const p95s: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const times: number[] = [];
    const cpu: number[] = [];
    for (const q of mix) {
      const c = process.cpuUsage();
      const t = process.hrtime.bigint();
      await services.search.search(q);
      times.push(ms(t));
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    p95s.push(pct(times, 95));
    // SQLite runs in this process, so its CPU time is the work itself, whatever else the machine runs.
    const work = name === 'SQLite' ? `; CPU time p50 ${f1(pct(cpu, 50))} ms, p95 ${f1(pct(cpu, 95))} ms` : '';
    console.log(`${name}: search round ${round} (${mix.length} queries) p50 ${f1(pct(times, 50))} ms, p95 ${f1(pct(times, 95))} ms, p99 ${f1(pct(times, 99))} ms${work}`);
  }
  return p95s;
}

function vm(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

/**
 * How to start the server as `npm start` does: the compiled dist/main.js when it is newer
 * than every source file, else src/main.ts through tsx (whose compiler adds some memory).
 */
function serverCommand(): { args: string[]; label: string } {
  return builtServerIsCurrent()
    ? { args: [join(repoRoot, 'dist/main.js')], label: 'dist/main.js' }
    : { args: ['--import', 'tsx', 'src/main.ts'], label: 'src/main.ts via tsx (dist/ is older than src/; `npm run build` to measure the compiled server)' };
}

/**
 * Starts the real server in a fresh process on `dataDir`, sends it the mix over HTTP
 * and reads its resident memory: now (VmRSS) and at its peak (VmHWM).
 */
async function serverMemory(dataDir: string, mix: SearchParams[]): Promise<{ rss: number; peak: number; p95: number }> {
  const child = spawn(process.execPath, serverCommand().args, {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = out.match(/running at (http:\/\/\S+)/);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
    });
    const times: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const q of mix) {
        const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined));
        const t = process.hrtime.bigint();
        const res = await fetch(`${url}/search?${params}`);
        if (res.status !== 200) throw new Error(`/search?${params} answered ${res.status}`);
        await res.text();
        if (round === 1) times.push(ms(t));
      }
    }
    times.sort((a, b) => a - b);
    return { rss: vm(child.pid!, 'VmRSS'), peak: vm(child.pid!, 'VmHWM'), p95: pct(times, 95) };
  } finally {
    child.kill('SIGTERM');
  }
}

let failed = false;
const dir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-search-'));
const demoDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-demo-'));
let mix: SearchParams[] = [];
try {
  const sqlite = openDatabase({ databaseUrl: '', dataDir: dir });
  await generate('SQLite', sqlite);
  mix = await queryMix(sqlite);
  const p95s = await searchRounds('SQLite', sqlite, mix);
  await sqlite.close();
  const best = Math.min(...p95s);
  console.log(`SQLite: search p95 best ${f1(best)} ms, spread ${f1(best)}–${f1(Math.max(...p95s))} ms over ${ROUNDS} rounds (budget 20 ms) ${best <= 20 ? 'PASS' : 'FAIL'}`);

  const demo = openDatabase({ databaseUrl: '', dataDir: demoDir });
  await migrateToLatest(demo);
  await loadDemo(demo.db, TZ);
  await demo.close();
  console.log(`Server: ${serverCommand().label}`);
  const baseline = await serverMemory(demoDir, mix);
  console.log(`Server baseline (demo site only): RSS ${baseline.rss.toFixed(0)} MB, peak ${baseline.peak.toFixed(0)} MB`);
  const server = await serverMemory(dir, mix);
  console.log(`Server on ${COUNT.toLocaleString('en-GB')} articles after the mix twice over HTTP: /search p95 ${f1(server.p95)} ms; RSS ${server.rss.toFixed(0)} MB, peak ${server.peak.toFixed(0)} MB (budget 200 MB) ${server.peak <= 200 ? 'PASS' : 'FAIL'}`);
  failed = best > 20 || server.peak > 200;
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(demoDir, { recursive: true, force: true });
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
    await generate('PostgreSQL', database);
    // Statistics for the planner, as autovacuum would gather them soon after a bulk load.
    await sql`VACUUM ANALYZE`.execute(database.db);
    const p95s = await searchRounds('PostgreSQL', database, mix);
    console.log(`PostgreSQL: search p95 best ${f1(Math.min(...p95s))} ms, spread ${f1(Math.min(...p95s))}–${f1(Math.max(...p95s))} ms (no budget; reported)`);
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
process.exit(failed ? 1 : 0);
