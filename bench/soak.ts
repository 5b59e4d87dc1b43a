import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { b } from '../src/content/blocks.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { prng } from '../src/demo/archive-words.js';
import { loadDemo } from '../src/demo/load.js';
import { createServices } from '../src/services.js';
import { buildServerIfStale, listeningAddress, repoRoot } from './support/built-server.js';

/**
 * `npm run soak` (not part of `npm test` or `npm run bench`): the built server on a
 * SOAK_ARTICLES (250,000) article SQLite archive under SOAK_CONNECTIONS (200) autocannon
 * connections for SOAK_SECONDS (600), split over the page kinds readers ask for, each kind
 * its own autocannon so that each has its own latency and status counts. Meanwhile this
 * process, as a second writer on the same file, publishes a new article or edits a warm one
 * every second, so the server's caches are dropped and rebuilt under load.
 * Reports requests, unintended errors (budget: 0 outside 2xx/3xx, except the 404s of the
 * `missing` kind), p99 per kind, the server's RSS at minute 1 and at the end (budget: growth
 * at most 10%) and its event-loop delay, read from a probe loaded into the server.
 */
const COUNT = Number(process.env.SOAK_ARTICLES ?? 250_000);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 200);
const TZ = 'Europe/London';
const dataDir = resolve(process.env.DATA_DIR ?? './data', 'bench', `soak-${COUNT}`);

async function openArchive(): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const database = openDatabase({ databaseUrl: '', dataDir });
  await migrateToLatest(database);
  const { n } = await database.db.selectFrom('articles').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) < COUNT) {
    const started = Date.now();
    if (Number(n) === 0) await loadDemo(database.db, TZ);
    await generateArchive(database.db, { count: COUNT - Number(n), timeZone: TZ });
    await database.refreshStatistics();
    console.log(`generated ${COUNT.toLocaleString('en-GB')} articles into ${dataDir} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return database;
}

async function articlePaths(database: Database, limit: number, order: 'newest' | 'spread'): Promise<Array<{ id: number; path: string }>> {
  const rows = await database.db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.id', 'sections.slug as section', 'articles.url_month', 'articles.slug'])
    .where('articles.status', '=', 'published')
    .orderBy(order === 'newest' ? sql`articles.published_at desc` : sql`(articles.id * 7919) % 100003`)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, path: `/${r.section}/${r.url_month}/${r.slug}` }));
}

/** What readers type: frequent news words alone, in pairs, quoted, excluded, in date order. */
function searchPaths(): string[] {
  const words = ['government', 'election', 'war', 'minister', 'housing', 'climate', 'market', 'strike', 'police', 'report', 'year', 'people', 'new', 'week'];
  const random = prng(7);
  const pick = () => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: 300 }, (_, i) => {
    const q = [pick(), `${pick()} ${pick()}`, `"${pick()} ${pick()}"`, `${pick()} -${pick()}`][i % 4]!;
    return `/search?${new URLSearchParams({ q, ...(i % 5 === 0 ? { sort: 'date' } : {}) })}`;
  });
}

interface Probe {
  p50: number;
  p99: number;
  max: number;
  rss: number;
}

function startServer(): Promise<{ proc: ChildProcess; url: string; probes: Array<Probe & { at: number }> }> {
  const proc = spawn(process.execPath, ['--import', join(repoRoot, 'bench/support/soak-probe.mjs'), join(repoRoot, 'dist/main.js')], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const probes: Array<Probe & { at: number }> = [];
  const started = Date.now();
  let err = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    const lines = err.split('\n');
    err = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('soak-probe ')) probes.push({ ...(JSON.parse(line.slice(11)) as Probe), at: (Date.now() - started) / 1000 });
      else process.stderr.write(`server: ${line}\n`);
    }
  });
  return listeningAddress(proc).then((url) => ({ proc, url, probes }));
}

const rss = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)![1]) / 1024;

/** Publishes a new article or edits one of the warm ones, once a second, as an editor would. */
function editorLoop(database: Database, warm: Array<{ id: number }>) {
  const services = createServices(database, { timeZone: TZ });
  let n = 0;
  let failures = 0;
  const timer = setInterval(() => {
    n++;
    const work =
      n % 2
        ? services.articles.create(
            { headline: `Soak test dispatch ${n}`, slug: `soak-${process.pid}-${n}`, standfirst: 'Filed during the soak.', section: 'world', body: [b.p(`Paragraph ${n} of the soak.`)] },
            { status: 'published', publishedAt: new Date().toISOString() },
          )
        : services.articles.update(warm[n % warm.length]!.id, { standfirst: `Edited during the soak, edit ${n}.` });
    work.catch((error: unknown) => {
      failures++;
      console.error(`editor loop: ${error instanceof Error ? error.message : String(error)}`);
    });
  }, 1000);
  return { stop: () => clearInterval(timer), counts: () => ({ changes: n, failures }) };
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

buildServerIfStale();
const database = await openArchive();
const warm = await articlePaths(database, 20, 'newest');
const cold = await articlePaths(database, 20_000, 'spread');
const sections = (await database.db.selectFrom('sections').select('slug').execute()).map((s) => `/${s.slug}`);
const topics = (await database.db.selectFrom('topics').select('slug').limit(200).execute()).map((t) => `/topic/${t.slug}`);
const kinds: Array<{ name: string; share: number; paths: string[]; intended404?: boolean }> = [
  // Shares of the connections; each connection asks again as soon as it is answered, so a
  // search (tens of ms of CPU against a warm page's tens of µs) weighs far more than its share.
  { name: 'warm article', share: 0.35, paths: warm.map((a) => a.path) },
  { name: 'cold article', share: 0.25, paths: cold.map((a) => a.path) },
  { name: 'front', share: 0.1, paths: ['/', ...sections, ...sections.map((s) => `${s}?page=2`)] },
  { name: 'topic', share: 0.1, paths: topics },
  { name: 'search', share: 0.1, paths: searchPaths() },
  { name: 'feed', share: 0.05, paths: ['/feed', ...sections.map((s) => `${s}/feed`)] },
  { name: 'missing', share: 0.05, paths: cold.slice(0, 500).map((a) => `${a.path}-gone`), intended404: true },
];

const server = await startServer();
// A fresh server has cold JIT, an empty render cache and the archive on disk rather than in
// the page cache: the soak measures the steady state after WARMUP_SECONDS of the same load.
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 30);
if (WARMUP_SECONDS > 0) {
  console.log(`warming up for ${WARMUP_SECONDS} s…`);
  await Promise.all(
    kinds.map((kind) =>
      autocannon({ url: server.url, connections: Math.max(1, Math.round(CONNECTIONS * kind.share)), duration: WARMUP_SECONDS, requests: [{ setupRequest: (req) => ({ ...req, path: pick(kind.paths) }) }] }),
    ),
  );
}
console.log(`soak: ${SECONDS} s, ${CONNECTIONS} connections, ${COUNT.toLocaleString('en-GB')} articles, server ${server.url} (dist/main.js)`);
const editor = editorLoop(database, warm);
let rssAtMinute1 = Number.NaN;
const minute1 = setTimeout(() => (rssAtMinute1 = rss(server.proc.pid!)), Math.min(60, SECONDS / 2) * 1000);
try {
  const results = await Promise.all(
    kinds.map(async (kind) => {
      const result = await autocannon({
        url: server.url,
        connections: Math.max(1, Math.round(CONNECTIONS * kind.share)),
        duration: SECONDS,
        requests: [{ setupRequest: (req) => ({ ...req, path: pick(kind.paths) }) }],
      });
      return { kind, result };
    }),
  );
  const rssEnd = rss(server.proc.pid!);
  editor.stop();

  let unintended = 0;
  let total = 0;
  console.log('\nkind            requests   req/s   p50 ms  p99 ms  statuses');
  for (const { kind, result } of results) {
    const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}×${(s as { count: number }).count}`);
    const bad = Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !(Number(code) < 400 || (kind.intended404 && code === '404')))
      .reduce((sum, [, s]) => sum + Number((s as { count: number }).count), 0);
    unintended += bad + result.errors + result.timeouts;
    total += result.requests.total;
    console.log(
      `${kind.name.padEnd(15)} ${String(result.requests.total).padStart(9)} ${String(Math.round(result.requests.average)).padStart(7)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(7)}  ${statuses.join(' ')}${result.errors || result.timeouts ? ` errors ${result.errors} timeouts ${result.timeouts}` : ''}`,
    );
  }
  const growth = (rssEnd / rssAtMinute1 - 1) * 100;
  const loop = server.probes.slice(1);
  const worst = (key: keyof Probe) => Math.max(...loop.map((p) => p[key]));
  const { changes, failures } = editor.counts();
  console.log(`\nrequests ${total.toLocaleString('en-GB')}, unintended errors ${unintended} (budget 0): ${unintended === 0 ? 'PASS' : 'FAIL'}`);
  console.log(`editor loop: ${changes} publishes and edits, ${failures} failed`);
  console.log(`server RSS: minute 1 ${rssAtMinute1.toFixed(0)} MB, end ${rssEnd.toFixed(0)} MB, growth ${growth.toFixed(1)}% (budget 10%): ${growth <= 10 ? 'PASS' : 'FAIL'}`);
  console.log(`event-loop delay per ${Number(process.env.SOAK_PROBE_MS ?? 5000) / 1000} s: p50 of p50s ${median(loop.map((p) => p.p50)).toFixed(1)} ms, worst p99 ${worst('p99').toFixed(1)} ms, worst max ${worst('max').toFixed(1)} ms`);
  process.exitCode = unintended === 0 && growth <= 10 && failures === 0 ? 0 : 1;
} finally {
  clearTimeout(minute1);
  editor.stop();
  server.proc.kill('SIGTERM');
  await database.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
