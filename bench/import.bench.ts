import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase, createSqliteDatabase, postgresUrl } from '../test/support/databases.js';
import { buildServerIfStale, repoRoot } from './support/built-server.js';
import { median } from './support/median.js';

/**
 * Import throughput: a generated 100k-post Ghost export and a 100k-item WordPress
 * WXR file (kept in DATA_DIR/bench and reused), each imported into an empty database
 * by a fresh process. Baseline in the same run: reading (parsing and converting) the
 * same file on one thread without checking or writing it. The import reads on a
 * second thread while it writes, so the writes, not the reading, set its pace. Budget (DESIGN.md, issue #17): at least 5,000 articles/s
 * on SQLite and on PostgreSQL, which runs too when TEST_POSTGRES_URL is set (scripts/with-postgres.sh).
 * Each import is measured RUNS times (3), each in a fresh process into a fresh database, and
 * judged by the median: on a two-core machine shared with others one run of twenty seconds
 * varied by a tenth from the next. What is measured is what `broadsheet import` runs: the
 * built code (dist/, built first when older than src/), its runtime opened from the
 * environment as the command opens it.
 *
 *   node --import tsx bench/import.bench.ts          (BENCH_IMPORT_POSTS=20000 BENCH_IMPORT_RUNS=1 for a quick run)
 */

const POSTS = Number(process.env.BENCH_IMPORT_POSTS ?? 100_000);
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
const BUDGET = 5_000;
const sections = ['World', 'Politics', 'Business', 'Culture', 'Science', 'Sport', 'Opinion', 'Environment'];
const words = 'council minister harbour election budget river school market border treaty winter railway hospital museum festival'.split(' ');
const sentence = (i: number, n: number) =>
  Array.from({ length: 18 }, (_, k) => words[(i * 7 + n * 3 + k * 5) % words.length]).join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
const iso = (i: number) => new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString();

function ghostExport(n: number): string {
  const text = (t: string, format = 0) => ({ detail: 0, format, mode: 'normal', style: '', text: t, type: 'extended-text', version: 1 });
  const posts = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    title: `Bench story ${i}: ${sentence(i, 0).slice(0, 60)}`,
    slug: `bench-story-${i}`,
    lexical: JSON.stringify({
      root: {
        type: 'root',
        children: [
          { type: 'paragraph', children: [text(sentence(i, 1)), text(sentence(i, 2), 1)] },
          { type: 'heading', tag: 'h2', children: [text('What comes next')] },
          { type: 'paragraph', children: [text(sentence(i, 3)), { type: 'link', url: `https://example.org/${i}`, children: [text('the report')] }] },
          { type: 'paragraph', children: [text(sentence(i, 4), 2)] },
        ],
      },
    }),
    type: 'post',
    status: i % 10 === 0 ? 'draft' : 'published',
    published_at: iso(i),
    updated_at: iso(i),
    custom_excerpt: sentence(i, 5),
  }));
  const tags = [...sections, ...words].map((name, i) => ({ id: `t${i}`, name: name[0]!.toUpperCase() + name.slice(1), slug: name.toLowerCase(), visibility: 'public' }));
  const users = Array.from({ length: 50 }, (_, i) => ({ id: `u${i}`, name: `Writer Number${i}`, slug: `writer-${i}` }));
  return JSON.stringify({
    db: [
      {
        meta: { exported_on: Date.now(), version: '5.96.0' },
        data: {
          posts,
          tags,
          users,
          posts_tags: posts.flatMap((p, i) => [
            { post_id: p.id, tag_id: `t${i % sections.length}`, sort_order: 0 },
            { post_id: p.id, tag_id: `t${sections.length + (i % words.length)}`, sort_order: 1 },
          ]),
          posts_authors: posts.map((p, i) => ({ post_id: p.id, author_id: `u${i % 50}`, sort_order: 0 })),
        },
      },
    ],
  });
}

function wxrExport(n: number): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>\n',
  ];
  for (let a = 0; a < 50; a++) parts.push(`<wp:author><wp:author_login><![CDATA[writer${a}]]></wp:author_login><wp:author_display_name><![CDATA[Writer Number${a}]]></wp:author_display_name></wp:author>\n`);
  for (let i = 0; i < n; i++) {
    const section = sections[i % sections.length]!;
    const tag = words[i % words.length]!;
    const date = iso(i).replace('T', ' ').slice(0, 19);
    parts.push(
      `<item><title><![CDATA[Bench post ${i}: ${sentence(i, 0).slice(0, 60)}]]></title><dc:creator><![CDATA[writer${i % 50}]]></dc:creator><guid isPermaLink="false">https://bench.example/?p=${i}</guid>` +
        `<content:encoded><![CDATA[<!-- wp:paragraph -->\n<p>${sentence(i, 1)} <strong>${sentence(i, 2)}</strong></p>\n<!-- /wp:paragraph -->\n\n<h2>What comes next</h2>\n\n${sentence(i, 3)} <a href="https://example.org/${i}">the report</a>\n\n<p><em>${sentence(i, 4)}</em></p>]]></content:encoded>` +
        `<excerpt:encoded><![CDATA[${sentence(i, 5)}]]></excerpt:encoded><wp:post_id>${i}</wp:post_id><wp:post_date><![CDATA[${date}]]></wp:post_date><wp:post_date_gmt><![CDATA[${date}]]></wp:post_date_gmt>` +
        `<wp:post_name><![CDATA[bench-post-${i}]]></wp:post_name><wp:status><![CDATA[${i % 10 === 0 ? 'draft' : 'publish'}]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>` +
        `<category domain="category" nicename="${section.toLowerCase()}"><![CDATA[${section}]]></category><category domain="post_tag" nicename="${tag}"><![CDATA[${tag}]]></category></item>\n`,
    );
    // Real exports carry media and menu entries too; these are skipped and counted.
    if (i % 100 === 0) parts.push(`<item><title>image-${i}.jpg</title><wp:post_id>${n + i}</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type></item>\n`);
  }
  parts.push('</channel>\n</rss>\n');
  return parts.join('');
}

type Kind = 'read' | 'sqlite' | 'postgres';

/** The built modules `broadsheet import` runs. */
const built = (path: string) => import(join(repoRoot, 'dist', path));

/** Child process: one measurement on a fresh heap, the file read from disk as `broadsheet import` would. */
async function measureInChild(kind: Kind, file: string) {
  const content = readFileSync(file, 'utf8');
  const name = basename(file);
  if (kind === 'read') {
    const { readGhost } = (await built('importers/ghost.js')) as typeof import('../src/importers/ghost.js');
    const { readWxr } = (await built('importers/wxr.js')) as typeof import('../src/importers/wxr.js');
    const read = name.endsWith('.xml') ? readWxr : readGhost;
    const start = performance.now();
    const count = [...read(content, { name, timeZone: 'Europe/London' }).articles].length;
    process.send!({ count, seconds: (performance.now() - start) / 1000, skipped: 0 });
    return;
  }
  // An empty database, which the runtime migrates as the command does.
  const target = await (kind === 'sqlite' ? createSqliteDatabase : createPostgresDatabase)({ migrate: false });
  const { openRuntime } = (await built('runtime.js')) as typeof import('../src/runtime.js');
  const { importDocuments } = (await built('importers/index.js')) as typeof import('../src/importers/index.js');
  const runtime = await openRuntime({ ...process.env, DATABASE_URL: target.databaseUrl, DATA_DIR: target.dataDir, LOG_LEVEL: 'warn' });
  try {
    const start = performance.now();
    const summary = await importDocuments(runtime.services, [{ name, content }]);
    process.send!({ count: summary.created, seconds: (performance.now() - start) / 1000, skipped: summary.skipped.length });
  } finally {
    await runtime.close();
    await target.close();
  }
}

type Measurement = { count: number; seconds: number; skipped: number };

/** Settles once the child has also dropped its database, so no cleanup overlaps the next measurement. */
function measure(kind: Kind, file: string): Promise<Measurement> {
  const child = fork(fileURLToPath(import.meta.url), ['--measure', kind, file], { execArgv: ['--import', 'tsx'] });
  return new Promise((done, fail) => {
    let result: Measurement | undefined;
    child.once('message', (m) => (result = m as Measurement));
    child.once('exit', (code) => (result && code === 0 ? done(result) : fail(new Error(`the ${kind} measurement exited with ${code}`))));
  });
}

async function main() {
  buildServerIfStale();
  let failed = false;
  const inputs = [
    { label: 'Ghost JSON', file: 'ghost.json', make: ghostExport },
    { label: 'WordPress WXR', file: 'wxr.xml', make: wxrExport },
  ] as const;
  const dir = resolve(process.env.DATA_DIR ?? './data', 'bench', `import-${POSTS}`);
  mkdirSync(dir, { recursive: true });

  console.log(`Import benchmark: ${POSTS.toLocaleString('en')} posts per file; budget at least ${BUDGET.toLocaleString('en')} articles/s on each database.`);
  console.log('Each measurement runs in a fresh process that reads the file from disk, as `broadsheet import` does.');
  for (const input of inputs) {
    const file = join(dir, input.file);
    if (!existsSync(file)) writeFileSync(file, input.make(POSTS));
    console.log(`\n${input.label} (${(statSync(file).size / 1e6).toFixed(0)} MB, ${file})`);
    const read = await measure('read', file);
    console.log(`  baseline   read only (parse + body conversion, no checks, no writes, one thread): ${Math.round(read.count / read.seconds).toLocaleString('en')} articles/s`);
    for (const kind of ['sqlite', 'postgres'] as const) {
      if (kind === 'postgres' && !postgresUrl) {
        console.log('  postgres   skipped: set TEST_POSTGRES_URL (scripts/with-postgres.sh node --import tsx bench/import.bench.ts)');
        continue;
      }
      const rates: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const { count, seconds, skipped } = await measure(kind, file);
        rates.push(count / seconds);
        console.log(`  ${kind.padEnd(10)} import ${String(count).padStart(6)} articles in ${seconds.toFixed(1)} s: ${Math.round(count / seconds).toLocaleString('en')} articles/s (${skipped} skipped; run ${run} of ${RUNS})`);
      }
      const rate = median(rates);
      const verdict = rate >= BUDGET ? 'PASS' : 'FAIL';
      if (verdict === 'FAIL') failed = true;
      console.log(`  ${verdict}  ${kind} ${Math.round(rate).toLocaleString('en')} articles/s, the median of ${RUNS} (budget >= ${BUDGET.toLocaleString('en')}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[2] === '--measure') await measureInChild(process.argv[3] as Kind, process.argv[4]!);
else await main();
