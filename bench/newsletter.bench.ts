import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createMailTransport } from '../src/mail/transport.js';
import { issueMessages } from '../src/newsletters/sender.js';
import { createServices } from '../src/services.js';
import { createSqliteDatabase } from '../test/support/databases.js';
import { publishedArticle, seedNewsroom } from '../test/support/fixtures.js';

/**
 * Newsletter sending: one issue to SUBSCRIBERS (100k) over pooled SMTP to a local
 * smtp-server sink (in a worker thread, so it does not share the sender's event loop).
 * Baseline in the same run: nodemailer's pool sending one prebuilt raw message (the
 * same bytes) to the same sink over as many connections, without the database. Then a send killed with SIGKILL half-way and
 * resumed by a second process: every subscriber must be reached (0 missed), and at
 * most one duplicate per SMTP connection. Budgets from DESIGN.md.
 *
 *   node --import tsx bench/newsletter.bench.ts        (BENCH_SUBSCRIBERS=20000 for a quick run)
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BUDGET = 2_000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const secretKey = 'b'.repeat(40);
const address = (i: number) => `r${i}@bench.example`;

/** Per-subscriber arrival counts, written by the sink thread, read here. */
const counts = new Int32Array(new SharedArrayBuffer(4 * (SUBSCRIBERS + 1)));
const sinkWorker = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
   const { SMTPServer } = require(workerData.smtpServer);
   const counts = new Int32Array(workerData.counts);
   const n = counts.length - 1;
   const server = new SMTPServer({ secure: false, authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], disableReverseLookup: true, logger: false, maxClients: 1000,
     onData(stream, session, done) {
       stream.on('data', () => {});
       stream.on('end', () => {
         for (const r of session.envelope.rcptTo) { const i = Number(/^r(\\d+)@/.exec(r.address)?.[1] ?? n); Atomics.add(counts, Math.min(i, n), 1); }
         done();
       });
     } });
   server.on('error', () => {});
   server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.server.address().port));`,
  { eval: true, workerData: { counts: counts.buffer, smtpServer: createRequire(import.meta.url).resolve('smtp-server') } },
);
const port = await new Promise<number>((resolve) => sinkWorker.once('message', resolve));
const smtpUrl = `smtp://127.0.0.1:${port}`;
const arrived = () => counts.reduce((a, b) => a + b, 0);

const test = await createSqliteDatabase();
const config = { timeZone: 'Europe/London', secretKey, smtpUrl, siteUrl: 'https://bench.example', mailFrom: 'Bench <news@bench.example>' };
const services = createServices(test.database, config);
const { db } = test.database;
await seedNewsroom(services);
const article = await publishedArticle(services, { headline: 'The bench story', standfirst: 'A standfirst of ordinary length for a newsletter item.' });
const newsletter = await services.newsletters.add({ slug: 'bench', name: 'Bench Daily', cadence: null, rule: { kind: 'manual' } });
const at = new Date().toISOString();
await db.transaction().execute(async (trx) => {
  for (let from = 0; from < SUBSCRIBERS; from += 500) {
    const batch = Array.from({ length: Math.min(500, SUBSCRIBERS - from) }, (_, k) => ({ email: address(from + k), created_at: at }));
    const ids = await trx.insertInto('subscribers').values(batch).returning('id').execute();
    await trx
      .insertInto('subscriptions')
      .values(ids.map((r) => ({ subscriber_id: r.id, newsletter_id: newsletter.id, status: 'active' as const, requested_at: at, confirmed_at: at, unsubscribed_at: null })))
      .execute();
  }
});
const compose = async () => (await services.newsletters.issues.composeNow('bench', { subject: 'Bench issue', articles: [article.path] })).issue!;

console.log(`Newsletter benchmark: ${SUBSCRIBERS.toLocaleString('en')} subscribers, ${CONNECTIONS} SMTP connections, SQLite.`);
let failed = false;

// Baseline: nodemailer alone sending one prebuilt raw message, same sink, same connections.
const firstIssue = await compose();
const row = await services.newsletters.issues.row(firstIssue.id);
const baselineCount = Math.min(SUBSCRIBERS, 20_000);
const prebuilt = (await issueMessages({ ...config, siteName: 'Bench', tokens: services.newsletters.tokens }, newsletter, row))({ subscriberId: 1, email: address(0) });
const raw = createMailTransport(smtpUrl, { connections: CONNECTIONS });
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    for (let i = next++; i < baselineCount; i = next++) await raw.send({ ...prebuilt, envelope: { from: 'news@bench.example', to: address(i) } });
  }),
);
const baseline = baselineCount / ((performance.now() - t0) / 1000);
raw.close();
console.log(`  baseline   raw nodemailer pool, one prebuilt message, no database: ${Math.round(baseline).toLocaleString('en')} messages/s (${baselineCount.toLocaleString('en')} messages)`);
counts.fill(0);

const t1 = performance.now();
const report = await services.newsletters.send(firstIssue.id, { connections: CONNECTIONS });
const rate = report.sent / ((performance.now() - t1) / 1000);
const rateOk = rate >= BUDGET && report.sent === SUBSCRIBERS && arrived() === SUBSCRIBERS;
failed ||= !rateOk;
console.log(
  `  ${rateOk ? 'PASS' : 'FAIL'}  send ${Math.round(rate).toLocaleString('en')} messages/s, ${report.sent.toLocaleString('en')} sent, ${arrived().toLocaleString('en')} arrived (budget >= ${BUDGET.toLocaleString('en')}/s; ${Math.round((100 * rate) / baseline)}% of baseline)`,
);

// kill -9 half-way, then a second process resumes.
counts.fill(0);
const crashIssue = await compose();
const run = () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'newsletter', 'send', '--resume', '--connections', String(CONNECTIONS), '--lease', '2'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', DATA_DIR: test.dataDir, SMTP_URL: smtpUrl, SECRET_KEY: secretKey, SITE_URL: config.siteUrl },
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  return { child, done: new Promise<string>((resolve) => child.on('exit', () => resolve(stdout))) };
};
const sentRows = async () =>
  Number(
    (await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('issue_id', '=', crashIssue.id).where('status', '=', 'sent').executeTakeFirstOrThrow()).n,
  );
const victim = run();
while ((await sentRows()) < SUBSCRIBERS / 2) await new Promise((r) => setTimeout(r, 10));
victim.child.kill('SIGKILL');
await victim.done;
const resumed = await run().done;
const reported = Number(/sent again: (\d+)/.exec(resumed)?.[1] ?? NaN);
let missed = 0;
let duplicates = 0;
for (let i = 0; i < SUBSCRIBERS; i++) {
  if (counts[i] === 0) missed++;
  else duplicates += counts[i]! - 1;
}
const crashOk = missed === 0 && duplicates <= CONNECTIONS && duplicates <= reported;
failed ||= !crashOk;
console.log(
  `  ${crashOk ? 'PASS' : 'FAIL'}  kill -9 at ${(SUBSCRIBERS / 2).toLocaleString('en')} sent, then resume: ${missed} missed, ${duplicates} duplicates, resume reported ${reported} re-sent (budget 0 missed, duplicates <= ${CONNECTIONS} connections)`,
);

await sinkWorker.terminate();
await test.close();
process.exit(failed ? 1 : 0);
