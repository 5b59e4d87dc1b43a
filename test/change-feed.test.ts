import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ChangeFollower } from '../src/content/change-feed.js';
import { changeFeed } from '../src/content/change-feed.js';
import type { ContentChange } from '../src/content/events.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { createServices, type Services } from '../src/services.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }) };
}

/** The changes the follower of `services` delivered (made by others), and a wait for one of them. */
function deliveries(services: Services) {
  const spy = vi.spyOn(services.events, 'deliver');
  // Once each: one save can announce the same article more than once.
  const delivered = () => [...new Set(spy.mock.calls.map(([c]) => `${c.entity}:${c.id}`))];
  const arrival = (wanted: ContentChange) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!delivered().includes(`${wanted.entity}:${wanted.id}`)) return;
        off();
        resolve();
      };
      const off = services.events.onChange(() => queueMicrotask(check));
      check();
    });
  return { delivered, arrival };
}

describeEachDatabase('the change feed between processes', (fixture) => {
  // Two services instances with their own connections, as a server and the command line have.
  let a: Services;
  let b: Services;
  let second: Database;
  const followers: ChangeFollower[] = [];
  const follow = (services: Services, logger = pino({ level: 'silent' })) => {
    const follower = services.changes.follow({ logger, intervalMs: 20 });
    followers.push(follower);
    return follower;
  };

  beforeAll(async () => {
    a = fixture().services;
    second = openDatabase({ databaseUrl: fixture().databaseUrl, dataDir: fixture().dataDir, poolSize: 2 });
    b = createServices(second, { timeZone: 'Europe/London' });
    await seedNewsroom(a);
    await a.events.recorded();
  });
  afterAll(async () => {
    await Promise.all(followers.map((f) => f.stop()));
    await second.close();
  });

  it("delivers one instance's changes to the other's follower, and never back to the instance that made them", async () => {
    const toA = deliveries(a);
    const toB = deliveries(b);
    await Promise.all([follow(a).ready, follow(b).ready]);

    const article = await publishedArticle(a, { headline: 'Written by A' });
    await toB.arrival({ entity: 'article', id: article.id });

    const topic = await b.taxonomy.upsertTopic({ slug: 'written-by-b', name: 'Written by B' });
    await toA.arrival({ entity: 'topic', id: topic.id });
    // The feed is read in order, so A has read past its own rows by now.
    expect(toA.delivered()).toEqual([`topic:${topic.id}`]);

    const section = await a.taxonomy.upsertSection({ slug: 'written-by-a', name: 'Written by A', description: '' });
    await toB.arrival({ entity: 'section', id: section.id });
    expect(toB.delivered()).toEqual([`article:${article.id}`, `section:${section.id}`]);
  });

  it('starts a fresh follower at the end of the feed', async () => {
    const before = await publishedArticle(a, { headline: 'Before the follower started' });
    await a.events.recorded();
    const fresh = createServices(second, { timeZone: 'Europe/London' });
    const toFresh = deliveries(fresh);
    await follow(fresh).ready;

    const after = await publishedArticle(a, { headline: 'After the follower started' });
    await toFresh.arrival({ entity: 'article', id: after.id });
    expect(toFresh.delivered()).not.toContain(`article:${before.id}`);
  });

  it('logs a failed read and keeps following once the feed can be read again', async () => {
    const { db } = fixture().database;
    const { lines, logger } = recordingLogger();
    const watcher = createServices(second, { timeZone: 'Europe/London' });
    const toWatcher = deliveries(watcher);
    await follow(watcher, logger).ready;

    await sql`ALTER TABLE content_changes RENAME TO content_changes_away`.execute(db);
    await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('reading the change feed failed; retrying every second'), { timeout: 10_000, interval: 20 });
    await sql`ALTER TABLE content_changes_away RENAME TO content_changes`.execute(db);

    const article = await publishedArticle(a, { headline: 'Written after the outage' });
    await toWatcher.arrival({ entity: 'article', id: article.id });
    expect(lines.map((l) => l.msg)).toContain('reading the change feed again');
  });

  it('delivers a row that commits after a higher id was read, as PostgreSQL allows', async () => {
    const { db } = fixture().database;
    const watcher = createServices(second, { timeZone: 'Europe/London' });
    const toWatcher = deliveries(watcher);
    await follow(watcher).ready;
    const { last } = await db.selectFrom('content_changes').select((eb) => eb.fn.max('id').as('last')).executeTakeFirstOrThrow();
    const row = (seq: number, id: number) => ({ id: seq, entity: 'topic' as const, entity_id: id, origin: 'elsewhere', at: new Date().toISOString() });

    await db.insertInto('content_changes').values(row(Number(last) + 2, 9002)).execute();
    await toWatcher.arrival({ entity: 'topic', id: 9002 });
    await db.insertInto('content_changes').values(row(Number(last) + 1, 9001)).execute();
    await toWatcher.arrival({ entity: 'topic', id: 9001 });
  });

  it('keeps an hour of changes and prunes older ones', async () => {
    const { db } = fixture().database;
    const count = async () => Number((await db.selectFrom('content_changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await a.events.recorded();
    const recorded = await count();
    expect(recorded).toBeGreaterThan(0);

    expect(await a.changes.prune()).toBe(0);
    expect(await count()).toBe(recorded);

    const twoHoursLater = () => new Date(Date.now() + 2 * 60 * 60 * 1000);
    expect(await changeFeed(fixture().database, a.events, twoHoursLater).prune()).toBe(recorded);
    expect(await count()).toBe(0);
  });
});
