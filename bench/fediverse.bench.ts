/**
 * `npm run bench -- fediverse`: publishing with 10,000 fediverse followers against publishing
 * with none, and how fast the deliveries reach their inboxes.
 *
 * A fresh SQLite database (or PostgreSQL with TEST_POSTGRES_URL), the real services, the
 * delivery thread as the server runs it, and a local receiver on loopback (in this process's
 * event loop, while the thread has the other core) standing in for the
 * followers' servers: each follower row (inserted directly) has its own inbox there, so every
 * follower is one signed delivery. Budget: the editor's publish takes as long with 10,000
 * followers as with none, and deliveries arrive at 500/s or more.
 * BENCH_FEDIVERSE_FOLLOWERS sets the number of followers, BENCH_FEDIVERSE_PUBLISHES the publishes timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import { startDeliveries } from '../src/webhooks/delivery-thread.js';
import { benchPostgresDatabase } from './support/postgres-database.js';

const followers = Number(process.env.BENCH_FEDIVERSE_FOLLOWERS ?? 10_000);
const publishes = Number(process.env.BENCH_FEDIVERSE_PUBLISHES ?? 3);
const admin = { id: 1, role: 'admin' as const, author_id: null };

/** The followers' servers: counts each delivery and answers at once, as a busy inbox would. */
function startReceiver(): Promise<{ url: string; count: () => number; sockets: () => number; firstAt: () => number; lastAt: () => number; close(): void }> {
  let count = 0;
  let sockets = 0;
  let firstAt = 0;
  let lastAt = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.headers.signature) {
        count++;
        lastAt = performance.now();
        if (count === 1) firstAt = lastAt;
      }
      res.writeHead(202).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  // Connections opened: few means the sender keeps them alive rather than paying a handshake per delivery.
  server.on('connection', () => sockets++);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        count: () => count,
        sockets: () => sockets,
        firstAt: () => firstAt,
        lastAt: () => lastAt,
        close: () => server.close(),
      }),
    ),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-fediverse-'));
  const postgres = process.env.TEST_POSTGRES_URL ? await benchPostgresDatabase(process.env.TEST_POSTGRES_URL, 'fediverse') : undefined;
  const database = openDatabase({ databaseUrl: postgres?.url ?? '', dataDir });
  await migrateToLatest(database);
  const receiver = await startReceiver();
  const services = createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1:3999', siteName: 'Bench Gazette', dataDir });
  await services.taxonomy.upsertSection({ slug: 'world', name: 'World', description: 'News.' });
  await services.taxonomy.upsertAuthor({ slug: 'ada', name: 'Ada', bio: '' });
  await services.fediverse.settings.save(admin, { enabled: true, handle: 'bench', description: 'Bench.' });
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: postgres?.url ?? '', SITE_URL: 'http://127.0.0.1:3999', SITE_NAME: 'Bench Gazette', TIME_ZONE: 'Europe/London', LOG_LEVEL: 'silent' });
  const deliveries = startDeliveries({ config, services, logger: createLogger('warn') });

  let n = 0;
  /** One editor's publish: the article was a draft, and the call returns when the editor's answer would. */
  async function publishOne(): Promise<number> {
    n++;
    const draft = await services.articles.create({ headline: `Bench article ${n}`, standfirst: 'A standfirst.', section: 'world', authors: ['ada'], body: [{ type: 'paragraph', content: [{ text: 'A paragraph of news.' }] }] });
    const started = performance.now();
    await services.articles.publish(draft.id);
    return performance.now() - started;
  }

  // Warm up (keys generated, statements prepared), then publishing with no followers.
  await publishOne();
  await services.fediverse.queued();
  const alone: number[] = [];
  for (let i = 0; i < publishes; i++) alone.push(await publishOne());
  // Those articles' jobs must be done before anyone follows, or they too would go to every follower.
  await services.fediverse.queued();
  while ((await services.fediverse.queue.size()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));

  const at = new Date().toISOString();
  for (let i = 0; i < followers; i += 500) {
    const rows = Array.from({ length: Math.min(500, followers - i) }, (_, j) => ({
      actor: 'publication',
      follower_uri: `${receiver.url}/users/${i + j}`,
      inbox_url: `${receiver.url}/users/${i + j}/inbox`,
      shared_inbox_url: null,
      handle: null,
      created_at: at,
    }));
    await database.db.insertInto('fediverse_followers').values(rows).execute();
  }

  // Publishing with every follower: the first publish starts the fan-out, the rest are answered while it goes out.
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const followed: number[] = [];
  for (let i = 0; i < publishes; i++) followed.push(await publishOne());
  const expected = followers * publishes;
  while (receiver.count() < expected) await new Promise((resolve) => setTimeout(resolve, 100));
  const seconds = (receiver.lastAt() - started) / 1000;
  const rate = expected / seconds;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  console.log(`database: ${database.dialect.name}; followers: ${followers}; publishes: ${publishes}`);
  console.log(`publish answered (median of ${publishes}): ${median(alone).toFixed(1)} ms with no followers, ${median(followed).toFixed(1)} ms with ${followers} (each: ${followed.map((ms) => ms.toFixed(1)).join(', ')})`);
  console.log(`deliveries: ${expected} in ${seconds.toFixed(1)} s from the first publish = ${rate.toFixed(0)}/s (first arrived ${((receiver.firstAt() - started) / 1000).toFixed(2)} s after it)`);
  console.log(`the receiver saw ${receiver.sockets()} connections for ${receiver.count()} deliveries`);
  console.log(`this process's CPU time meanwhile: ${cpuSeconds.toFixed(1)} s, ${(expected / cpuSeconds).toFixed(0)} deliveries per CPU-second (the rate an idle core would allow)`);
  console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const sameTime = median(followed) <= Math.max(median(alone) * 1.5, median(alone) + 5);
  console.log(`${sameTime ? 'PASS' : 'FAIL'}: publishing with followers answers in the same time as with none`);
  console.log(`${rate >= 500 ? 'PASS' : 'FAIL'}: deliveries at ≥ 500/s`);

  await deliveries.stop();
  receiver.close();
  await database.close();
  await postgres?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
