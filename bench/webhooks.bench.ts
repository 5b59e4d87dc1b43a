import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createServices } from '../src/services.js';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { articleInput, seedNewsroom } from '../test/support/fixtures.js';

/**
 * Webhooks' budgets (issue #19), in one run on SQLite:
 * 1. publishing answers the editor in the same time with 50 subscriptions as with none: PUBLISHES
 *    articles published through the Admin API over HTTP, with none and then with 50 subscriptions
 *    (the delivery worker running in the same process, as in the server), then with 50 and the
 *    worker paused (the request's own path: queueing only); p50 and p95 of each, side by side.
 * 2. deliveries reach a local receiver (its own process, answering 200 at once) at >= 500/s: EVENTS
 *    events to 50 subscriptions, all queued first, then timed from the worker's first claim to
 *    the last delivery recorded.
 */
const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 200);
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 100);
const SUBSCRIPTIONS = 50;
const RATE_BUDGET = 500;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

/** A receiver in its own process, so its work is not the worker's: counts requests, answers 200. */
function startReceiver(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['-e', "const s=require('node:http').createServer((q,r)=>{q.resume();q.on('end',()=>r.end('ok'))});s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve) => child.stdout.once('data', (d: Buffer) => resolve({ url: `http://127.0.0.1:${String(d).trim()}/hook`, stop: () => child.kill() })));
}

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-webhooks-'));
const database = openDatabase({ databaseUrl: '', dataDir });
await migrateToLatest(database);
const services = createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir });
await seedNewsroom(services);
const admin = { id: 0, role: 'admin' as const, author_id: null };
const token = (await services.apiKeys.create(admin, { kind: 'admin', name: 'bench', role: 'editor' })).plaintext;
const app = createApp({ services, config: { siteName: 'Bench', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });
const server = await new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
  const http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
    resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((done) => http.close(() => done())) }),
  );
});
const receiver = await startReceiver();
const worker = services.webhooks.startWorker();

async function timePublishes(count: number): Promise<number[]> {
  const drafts = [];
  for (let i = 0; i < count; i++) drafts.push(await services.articles.create(articleInput()));
  const times: number[] = [];
  for (const draft of drafts) {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/admin/articles/${draft.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`publish answered ${res.status}`);
  }
  return times;
}

// Warm up the path (JIT, statement cache) before either measurement.
await timePublishes(20);
const without = await timePublishes(PUBLISHES);
for (let i = 0; i < SUBSCRIPTIONS; i++) await services.webhooks.create(admin, { url: `${receiver.url}/${i}`, events: ['article.published'] });
const withSubs = await timePublishes(PUBLISHES);
await services.webhooks.queued();
await worker.stop();
// The request's own path, without the worker's sending in the same process: what queueing costs.
const queueOnly = await timePublishes(PUBLISHES);
await services.webhooks.queued();

// Deliveries: everything from part 1 already sent or not, queue EVENTS × 50 more and time sending them all.
while ((await services.webhooks.deliverDue(500)) > 0);
for (let i = 0; i < EVENTS; i++) await services.webhooks.emit('article.published', { article: { id: i, headline: `Event ${i}` } });
const total = EVENTS * SUBSCRIPTIONS;
const started = performance.now();
let sent = 0;
for (let n; (n = await services.webhooks.deliverDue(500)) > 0; ) sent += n;
const seconds = (performance.now() - started) / 1000;
const failed = await database.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'delivered').executeTakeFirstOrThrow();

const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`publish over HTTP, ${PUBLISHES} each: no subscriptions p50 ${ms(percentile(without, 50))} p95 ${ms(percentile(without, 95))}; ${SUBSCRIPTIONS} subscriptions p50 ${ms(percentile(withSubs, 50))} p95 ${ms(percentile(withSubs, 95))}`);
console.log(`  50 subscriptions with the worker paused (queueing only): p50 ${ms(percentile(queueOnly, 50))} p95 ${ms(percentile(queueOnly, 95))}`);
const same = (times: number[]) => (percentile(times, 50) <= percentile(without, 50) * 1.2 + 1 ? 'PASS' : 'FAIL');
console.log(`  same time (p50 within 20% + 1 ms): with the worker sending ${same(withSubs)}; the request's own path ${same(queueOnly)}`);
console.log(`deliveries: ${sent} of ${total} in ${seconds.toFixed(2)} s = ${Math.round(sent / seconds)}/s (not delivered: ${Number(failed.n)}); budget ${RATE_BUDGET}/s: ${sent / seconds >= RATE_BUDGET ? 'PASS' : 'FAIL'}`);

receiver.stop();
await server.close();
await database.close();
rmSync(dataDir, { recursive: true, force: true });
