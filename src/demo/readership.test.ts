import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsRollup } from '../analytics/rollup.js';
import { openDatabase, type Database } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { loadDemo } from './load.js';
import { loadDemoReadership } from './readership.js';

const NOW = new Date('2026-12-04T15:30:00Z');

describe('the demo’s two weeks of readers', () => {
  let dir: string;
  let database: Database;
  let written: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'broadsheet-demo-readers-'));
    database = openDatabase({ databaseUrl: '', dataDir: dir });
    await migrateToLatest(database);
    await loadDemo(database.db, 'Europe/London');
    written = await loadDemoReadership(database.db, NOW);
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every one of the fourteen days, fewer on weekends, and nothing in the future', async () => {
    const days = await sql<{ day: string; views: number }>`select date(at, 'unixepoch') as day, count(*) as views from analytics_views group by day order by day`.execute(database.db);
    const byDay = new Map(days.rows.map((r) => [r.day, Number(r.views)]));
    expect(written).toBe([...byDay.values()].reduce((a, b) => a + b, 0));
    // Fourteen whole days, and today's until 15:30.
    expect([...byDay.keys()]).toHaveLength(15);
    expect(byDay.get('2026-11-25')).toBeGreaterThan(1000);
    expect(byDay.get('2026-11-29')!).toBeLessThan(byDay.get('2026-11-30')!);
    const latest = await sql<{ at: number }>`select max(at) as at from analytics_views`.execute(database.db);
    expect(latest.rows[0]!.at).toBeLessThan(NOW.getTime() / 1000);
  });

  it('never counts an article before it was published, and reads the newest most', async () => {
    const early = await sql<{ n: number }>`
      select count(*) as n from analytics_views v
      join analytics_paths p on p.id = v.path_id join articles a on a.id = p.article_id
      where v.at < unixepoch(a.published_at)`.execute(database.db);
    expect(Number(early.rows[0]!.n)).toBe(0);
    const top = await sql<{ headline: string }>`
      select a.headline from analytics_views v
      join analytics_paths p on p.id = v.path_id join articles a on a.id = p.article_id
      group by a.id order by count(*) desc limit 1`.execute(database.db);
    const newest = await database.db.selectFrom('articles').where('status', '=', 'published').orderBy('published_at', 'desc').select('headline').executeTakeFirstOrThrow();
    expect(top.rows[0]!.headline).toBe(newest.headline);
  });

  it('rolls up into days whose totals are the raw views', async () => {
    const { rolledUp } = await analyticsRollup(database, { timeZone: 'Europe/London', now: () => NOW }).run();
    expect(rolledUp).toHaveLength(14);
    expect(rolledUp[0]).toBe('2026-11-20');
    const rolled = await sql<{ views: number }>`select sum(views) as views from analytics_days`.execute(database.db);
    const raw = await sql<{ views: number }>`select count(*) as views from analytics_views where at < unixepoch('2026-12-04')`.execute(database.db);
    expect(Number(rolled.rows[0]!.views)).toBe(Number(raw.rows[0]!.views));
  });
});
