import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { createMailTransport } from '../src/mail/transport.js';
import { issueMessages } from '../src/newsletters/sender.js';
import { createServices } from '../src/services.js';
import { createPostgresDatabase, createSqliteDatabase, postgresUrl, type TestDatabase } from '../test/support/databases.js';
import { publishedArticle, seedNewsroom } from '../test/support/fixtures.js';
import { buildServerIfStale, repoRoot } from './support/built-server.js';

/**
 * Newsletter sending the editor's way: `npx broadsheet newsletter send bench --subject … --article …`,
 * a fresh process that starts, composes the issue, sends it and records every delivery,
 * to a local smtp-server sink (in a worker thread, so it does not share anyone's event loop).
 * Reported for 20,000 and 100,000 subscribers with 16 and 32 connections: messages/s for
 * the whole command (spawn to exit) and from the first arrival to the last.
 * Baseline, measured just before each command: nodemailer's pool in this warm process sending
 * one prebuilt raw message (the same bytes) to the same sink over as many connections, without
 * a database (what the send did before it went over SMTPConnections of its own).
 * Then a send killed with SIGKILL half-way and resumed by a second process: every subscriber
 * must be reached (0 missed), and at most one duplicate per SMTP connection.
 * The PostgreSQL half runs when TEST_POSTGRES_URL is set. Budgets from DESIGN.md.
 *
 *   node --import tsx bench/newsletter.bench.ts     (BENCH_SUBSCRIBERS=20000 BENCH_CONNECTIONS=32 for a quick run)
 */
const SIZES = (process.env.BENCH_SUBSCRIBERS ?? '20000,100000').split(',').map(Number);
const CONNECTION_COUNTS = (process.env.BENCH_CONNECTIONS ?? '16,32').split(',').map(Number);
const BASELINE_MESSAGES = 20_000;
const BUDGET = 2_000;
const secretKey = 'b'.repeat(40);
const siteUrl = 'https://bench.example';
const address = (i: number) => `r${i}@bench.example`;
const largest = Math.max(...SIZES);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

buildServerIfStale();

/** Per-subscriber arrival counts and [first, last] arrival times (epoch ms), written by the sink thread. */
const counts = new Int32Array(new SharedArrayBuffer(4 * (largest + 1)));
const arrivals = new Float64Array(new SharedArrayBuffer(16));
const sinkWorker = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
   const { SMTPServer } = require(workerData.smtpServer);
   const counts = new Int32Array(workerData.counts);
   const arrivals = new Float64Array(workerData.arrivals);
   const n = counts.length - 1;
   const server = new SMTPServer({ secure: false, authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], disableReverseLookup: true, logger: false, maxClients: 1000,
     onData(stream, session, done) {
       stream.on('data', () => {});
       stream.on('end', () => {
         for (const r of session.envelope.rcptTo) { const i = Number(/^r(\\d+)@/.exec(r.address)?.[1] ?? n); Atomics.add(counts, Math.min(i, n), 1); }
         const at = performance.timeOrigin + performance.now();
         if (!arrivals[0]) arrivals[0] = at;
         arrivals[1] = at;
         done();
       });
     } });
   server.on('error', () => {});
   server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.server.address().port));`,
  { eval: true, workerData: { counts: counts.buffer, arrivals: arrivals.buffer, smtpServer: createRequire(import.meta.url).resolve('smtp-server') } },
);
const port = await new Promise<number>((resolve) => sinkWorker.once('message', resolve));
const smtpUrl = `smtp://127.0.0.1:${port}`;
const resetSink = () => {
  counts.fill(0);
  arrivals.fill(0);
};
/** Subscribers 0..size-1 each reached exactly once. */
const reachedOnce = (size: number) => counts.subarray(0, size).every((c) => c === 1);

/** The command's environment: only what an editor's shell would give it. */
function commandEnv(test: TestDatabase): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'silent',
    DATA_DIR: test.dataDir,
    DATABASE_URL: test.databaseUrl,
    SMTP_URL: smtpUrl,
    SECRET_KEY: secretKey,
    SITE_URL: siteUrl,
  };
}

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: repoRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ stdout: string; code: number | null }>((resolve) =>
    child.on('exit', (code) => {
      if (code && code !== 0) console.error(stderr);
      resolve({ stdout, code });
    }),
  );
  return { child, done };
}

/** A database with the bench newsletter, one article and `size` confirmed subscribers. */
async function benchDatabase(create: () => Promise<TestDatabase>, size: number) {
  const test = await create();
  const services = createServices(test.database, { timeZone: 'Europe/London', secretKey, smtpUrl, siteUrl, mailFrom: 'Bench <news@bench.example>' });
  await seedNewsroom(services);
  const article = await publishedArticle(services, { headline: 'The bench story', standfirst: 'A standfirst of ordinary length for a newsletter item.' });
  const newsletter = await services.newsletters.add({ slug: 'bench', name: 'Bench Daily', cadence: null, rule: { kind: 'manual' } });
  const at = new Date().toISOString();
  const { db } = test.database;
  await db.transaction().execute(async (trx) => {
    for (let from = 0; from < size; from += 500) {
      const batch = Array.from({ length: Math.min(500, size - from) }, (_, k) => ({ email: address(from + k), created_at: at }));
      const ids = await trx.insertInto('subscribers').values(batch).returning('id').execute();
      await trx
        .insertInto('subscriptions')
        .values(ids.map((r) => ({ subscriber_id: r.id, newsletter_id: newsletter.id, status: 'active' as const, requested_at: at, confirmed_at: at, unsubscribed_at: null })))
        .execute();
    }
  });
  return { test, services, article, newsletter };
}

console.log(`Newsletter benchmark: \`npx broadsheet newsletter send\` to a local SMTP sink, ${SIZES.map(fmt).join(' and ')} subscribers, ${CONNECTION_COUNTS.join(' and ')} connections.`);
let failed = false;

// Baseline: nodemailer alone in this warm process, one prebuilt raw message of a real issue, same sink.
// Measured again just before each command, so that both see the same machine.
const prebuilt = await (async () => {
  const { test, services, article, newsletter } = await benchDatabase(createSqliteDatabase, 0);
  const issue = (await services.newsletters.issues.composeNow('bench', { subject: 'Bench issue', articles: [article.path] })).issue!;
  const row = await services.newsletters.issues.row(issue.id);
  const messageFor = await issueMessages({ siteUrl, siteName: 'Bench', mailFrom: 'Bench <news@bench.example>', tokens: services.newsletters.tokens }, newsletter, row);
  await test.close();
  return messageFor({ subscriberId: 1, email: address(0) });
})();
async function baseline(connections: number): Promise<number> {
  resetSink();
  const raw = createMailTransport(smtpUrl, { connections });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < BASELINE_MESSAGES; i = next++) await raw.send({ ...prebuilt, envelope: { from: 'news@bench.example', to: address(i) } });
    }),
  );
  raw.close();
  return BASELINE_MESSAGES / ((performance.now() - t0) / 1000);
}
console.log(`  baseline: nodemailer's pool in a warm process sending one prebuilt message ${fmt(BASELINE_MESSAGES)} times, no database, as many connections, just before each command`);

const kinds = [
  { name: 'SQLite', create: createSqliteDatabase },
  ...(postgresUrl ? [{ name: 'PostgreSQL', create: createPostgresDatabase }] : []),
];
if (!postgresUrl) console.log('  (PostgreSQL half skipped: set TEST_POSTGRES_URL, e.g. scripts/with-postgres.sh node --import tsx bench/newsletter.bench.ts)');

for (const kind of kinds) {
  for (const size of SIZES) {
    const bench = await benchDatabase(kind.create, size);
    for (const connections of CONNECTION_COUNTS) {
      const base = await baseline(connections);
      resetSink();
      const t0 = performance.now();
      const { stdout, code } = await runCommand(
        'npx',
        ['broadsheet', 'newsletter', 'send', 'bench', '--subject', 'Bench issue', '--article', bench.article.path, '--connections', String(connections)],
        commandEnv(bench.test),
      ).done;
      const wholeSeconds = (performance.now() - t0) / 1000;
      const sent = Number(/: (\d+)\/(\d+) sent/.exec(stdout)?.[1] ?? NaN);
      const whole = size / wholeSeconds;
      const arrival = size / ((arrivals[1]! - arrivals[0]!) / 1000);
      // Start-up and composing: what the whole command spends before the first message arrives.
      const firstAfter = (arrivals[0]! - (performance.timeOrigin + t0)) / 1000;
      const ok = code === 0 && sent === size && reachedOnce(size) && whole >= BUDGET;
      failed ||= !ok;
      console.log(
        `  ${ok ? 'PASS' : 'FAIL'}  ${kind.name}, ${fmt(size)} subscribers, ${connections} connections: whole command ${fmt(whole)} messages/s (${wholeSeconds.toFixed(1)} s; budget >= ${fmt(BUDGET)}/s), ` +
          `first to last arrival ${fmt(arrival)} messages/s, the first ${firstAfter.toFixed(2)} s after the start; baseline ${fmt(base)} messages/s (whole command ${Math.round((100 * whole) / base)}% of it); ` +
          `${fmt(sent)} sent, ${reachedOnce(size) ? 'each reached once' : 'NOT each reached once'}`,
      );
    }

    // kill -9 half-way through the largest send, then a second process resumes.
    if (size === largest) {
      const connections = Math.max(...CONNECTION_COUNTS);
      resetSink();
      const crashIssue = (await bench.services.newsletters.issues.composeNow('bench', { subject: 'Crash issue', articles: [bench.article.path] })).issue!;
      // node itself, not npx: SIGKILL must reach the sender, not a wrapper around it.
      const resume = () => runCommand(process.execPath, ['bin/broadsheet.js', 'newsletter', 'send', '--resume', '--connections', String(connections), '--lease', '2'], commandEnv(bench.test));
      const { db } = bench.test.database;
      const sentRows = async () =>
        Number(
          (await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('issue_id', '=', crashIssue.id).where('status', '=', 'sent').executeTakeFirstOrThrow()).n,
        );
      const victim = resume();
      while ((await sentRows()) < size / 2) await new Promise((r) => setTimeout(r, 10));
      victim.child.kill('SIGKILL');
      await victim.done;
      const { stdout } = await resume().done;
      const reported = Number(/sent again: (\d+)/.exec(stdout)?.[1] ?? NaN);
      let missed = 0;
      let duplicates = 0;
      for (let i = 0; i < size; i++) {
        if (counts[i] === 0) missed++;
        else duplicates += counts[i]! - 1;
      }
      const crashOk = missed === 0 && duplicates <= connections && duplicates <= reported;
      failed ||= !crashOk;
      console.log(
        `  ${crashOk ? 'PASS' : 'FAIL'}  ${kind.name}, kill -9 at ${fmt(size / 2)} sent, then resume: ${missed} missed, ${duplicates} duplicates, resume reported ${reported} re-sent (budget 0 missed, duplicates <= ${connections} connections)`,
      );
    }
    await bench.test.close();
  }
}

console.log(`  load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await sinkWorker.terminate();
process.exit(failed ? 1 : 0);
