import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { postgresJobLock } from '../src/cluster/job-lock.js';
import { postgresNotifySignal, type NotifySignal } from '../src/cluster/notify-signal.js';
import type { ChangeFollower } from '../src/content/change-feed.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { createServices, type Services } from '../src/services.js';
import { createPostgresDatabase, postgresUrl, type TestDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const silent = pino({ level: 'silent' });
const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };

/** Resolves once `check` holds, looking every 20 ms; fails after a generous `deadlineMs` (not a timing assertion). */
async function eventually(check: () => boolean | Promise<boolean>, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Ends the backends whose application_name starts with `prefix` (as a failover or an idle timeout would). */
async function terminate(url: string, prefix: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1 AND pid <> pg_backend_pid()', [`${prefix}%`]);
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/**
 * Renders `path` until the cache keeps it: the article's creation reaches the follower as a
 * change too, and a render that a change overtakes is not stored.
 */
async function cachedAfterTheCreation(app: ReturnType<typeof createApp>, cache: RenderCache, path: string): Promise<void> {
  await eventually(async () => {
    await app.request(path);
    return cache.has(path);
  });
}

describe.skipIf(!postgresUrl)('cache coherence across processes on PostgreSQL', () => {
  let test: TestDatabase;
  // A second services instance on its own pool, as a second server process has.
  let otherDatabase: Database;
  let other: Services;
  let cache: RenderCache;
  let signal: NotifySignal;
  let follower: ChangeFollower;
  let reconnects = 0;

  beforeAll(async () => {
    test = await createPostgresDatabase();
    await seedNewsroom(test.services);
    otherDatabase = openDatabase({ databaseUrl: test.databaseUrl, dataDir: test.dataDir, poolSize: 2 });
    other = createServices(otherDatabase, { timeZone: 'Europe/London' });
    cache = new RenderCache();
    createApp({ services: other, config, renderCache: cache });
    // No fallback poll to speak of: only a notification can wake this follower in time.
    signal = postgresNotifySignal(test.databaseUrl, {
      logger: silent,
      ownOrigin: other.events.origin,
      fallbackMs: 600_000,
      disconnectedMs: 600_000,
      retryMs: 50,
      onReconnect: () => {
        reconnects++;
        cache.clear();
      },
    });
    follower = other.changes.follow({ logger: silent, signal });
    await follower.ready;
  });

  afterAll(async () => {
    await follower?.stop();
    await signal?.close();
    await otherDatabase?.close();
    await test?.close();
  });

  it('drops the page another process edited, woken by NOTIFY, not by polling', async () => {
    const article = await publishedArticle(test.services, { headline: 'Before the notify' });
    const app = createApp({ services: other, config, renderCache: cache });
    expect(await (await app.request(article.path)).text()).toContain('Before the notify');
    await cachedAfterTheCreation(app, cache, article.path);
    expect(signal.listening).toBe(true);

    await test.services.articles.update(article.id, { headline: 'After the notify' });
    await eventually(() => !cache.has(article.path));
    expect(await (await app.request(article.path)).text()).toContain('After the notify');
  });

  it('listens again after its connection is cut, and empties the render cache (it may have missed changes)', async () => {
    const article = await publishedArticle(test.services, { headline: 'Cached before the cut' });
    const app = createApp({ services: other, config, renderCache: cache });
    await cachedAfterTheCreation(app, cache, article.path);

    expect(await terminate(test.databaseUrl, `broadsheet-listener-${process.pid}`)).toBe(1);
    await eventually(() => reconnects === 1 && signal.listening);
    expect(cache.size).toBe(0);

    // And it hears changes on its new connection.
    await cachedAfterTheCreation(app, cache, article.path);
    await test.services.articles.update(article.id, { headline: 'Edited after the cut' });
    await eventually(() => !cache.has(article.path));
  });
});

describe.skipIf(!postgresUrl)('jobs run once across processes on PostgreSQL', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createPostgresDatabase();
  });
  afterAll(async () => {
    await test?.close();
  });

  it("leaves a job to the process holding its lock, runs other jobs, and takes it over when the holder's connection dies", async () => {
    const a = postgresJobLock(test.databaseUrl, silent);
    const b = postgresJobLock(test.databaseUrl, silent);
    try {
      let finish!: () => void;
      const holding = a.run('publish-scheduled', () => new Promise<string>((resolve) => (finish = () => resolve('done by a'))));
      await eventually(() => finish !== undefined);

      expect(await b.run('publish-scheduled', async () => 'done by b')).toEqual({ ran: false });
      expect(await b.run('refresh-statistics', async () => 'other job')).toEqual({ ran: true, result: 'other job' });

      // A process that dies mid-job: its connection goes, and PostgreSQL releases the lock with it.
      expect(await terminate(test.databaseUrl, `broadsheet-jobs-${process.pid}`)).toBe(2);
      expect(await b.run('publish-scheduled', async () => 'done by b')).toEqual({ ran: true, result: 'done by b' });
      finish();
      expect(await holding).toEqual({ ran: true, result: 'done by a' });
      // Once released, whoever asks next runs it.
      expect(await a.run('publish-scheduled', async () => 'a again')).toEqual({ ran: true, result: 'a again' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
