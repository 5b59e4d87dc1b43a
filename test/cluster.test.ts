import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess, type ServeProcess } from './support/cli.js';
import { createPostgresDatabase, postgresUrl, type TestDatabase } from './support/databases.js';
import { articleInput, publishedArticle, seedNewsroom } from './support/fixtures.js';

/** Resolves once `check` holds, looking every 50 ms; fails after a generous `deadlineMs`. */
async function eventually(check: () => boolean | Promise<boolean>, deadlineMs: number, what: string): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not before the deadline`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The value of one series on a process's /metrics (0 when absent). */
async function metric(server: ServeProcess, series: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const page = async (server: ServeProcess, path: string) => (await fetch(`${server.url}${path}`)).text();

/** 0x62736874, the key space of Broadsheet's job locks (src/cluster/job-lock.ts). */
const LOCK_SPACE = 0x62736874;

describe.skipIf(!postgresUrl)('two server processes on one PostgreSQL database', () => {
  let test: TestDatabase;
  const servers: ServeProcess[] = [];
  const dataDirs: string[] = [];
  let scheduledId: number;
  let newsletterId: number;

  beforeAll(async () => {
    test = await createPostgresDatabase();
    const { services } = test;
    await seedNewsroom(services);
    // Due already: both processes reach for it as they start.
    scheduledId = (await services.articles.create(articleInput({ headline: 'Due as the cluster starts' }), { status: 'scheduled', scheduledFor: new Date(Date.now() - 1000).toISOString() })).id;
    // A daily newsletter whose slot came two minutes ago: composed at the next minute's tick.
    const slot = new Date(Date.now() - 2 * 60_000);
    const newsletter = await services.newsletters.add({
      slug: 'cluster-brief',
      name: 'The Cluster Brief',
      description: 'Once a day.',
      cadence: { cron: `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`, timezone: 'UTC', label: 'Daily' },
      rule: { kind: 'latest', sections: ['world'] },
    });
    newsletterId = newsletter.id;
    await test.database.db.updateTable('newsletters').set({ created_at: new Date(Date.now() - 86_400_000).toISOString() }).where('id', '=', newsletterId).execute();
    await services.events.recorded();
    const env = (dataDir: string) => ({ DATABASE_URL: test.databaseUrl, DATA_DIR: dataDir, SITE_URL: 'http://news.test', LOG_LEVEL: 'warn' });
    for (let i = 0; i < 2; i++) dataDirs.push(mkdtempSync(join(tmpdir(), 'broadsheet-cluster-')));
    servers.push(...(await Promise.all(dataDirs.map((dir) => startServeProcess(env(dir))))));
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) s.proc.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await test?.close();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it("drops an edit made elsewhere (here: as the command line would) from both processes' caches", async () => {
    const [a, b] = servers as [ServeProcess, ServeProcess];
    const { services, database } = test;
    const article = await publishedArticle(services, { headline: 'Harbour talks resume' });
    // Until a request is answered from the cache (a render that a change overtakes is not kept).
    const hits = (server: ServeProcess) => metric(server, 'broadsheet_render_cache_hits_total');
    for (const server of [a, b]) {
      await eventually(
        async () => {
          const before = await hits(server);
          return (await page(server, article.path)).includes('Harbour talks resume') && (await hits(server)) > before;
        },
        10_000,
        'the new article is served from the cache',
      );
    }
    // Changed behind every process's back (no change recorded): both keep serving their cached copy.
    await database.db.updateTable('articles').set({ headline: 'Changed without telling anyone' }).where('id', '=', article.id).execute();
    for (const server of [a, b]) expect(await page(server, article.path)).toContain('Harbour talks resume');

    await services.articles.update(article.id, { headline: 'Harbour talks collapse' });
    const started = Date.now();
    await Promise.all([a, b].map((server) => eventually(async () => (await page(server, article.path)).includes('Harbour talks collapse'), 5_000, 'the edit reaches the process')));
    console.log(`an edit reached both processes' pages ${Date.now() - started} ms after it was saved`);

    for (const server of [a, b]) {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', listener: 'ok' } });
      expect(await metric(server, 'broadsheet_change_listener_connected')).toBe(1);
    }
  }, 60_000);

  it('publishes the due article once and composes the newsletter once while both run', async () => {
    const { services, database } = test;
    await eventually(async () => (await services.articles.get(scheduledId))?.status === 'published', 30_000, 'the scheduled article is published');
    const published = await database.db
      .selectFrom('content_changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity', '=', 'article')
      .where('entity_id', '=', scheduledId)
      .where('origin', '!=', services.events.origin)
      .executeTakeFirstOrThrow();
    expect(Number(published.n)).toBe(1);

    // Both processes tick `newsletter-compose` at the top of the minute; one runs it, the other finds it locked or done.
    const ticks = async (server: ServeProcess) => (await metric(server, 'broadsheet_job_runs_total{job="newsletter-compose"}')) + (await metric(server, 'broadsheet_job_skips_total{job="newsletter-compose"}'));
    await eventually(async () => (await ticks(servers[0]!)) >= 1 && (await ticks(servers[1]!)) >= 1, 75_000, 'both processes ticked newsletter-compose');
    const issues = await database.db.selectFrom('newsletter_issues').select((eb) => eb.fn.countAll<number>().as('n')).where('newsletter_id', '=', newsletterId).executeTakeFirstOrThrow();
    expect(Number(issues.n)).toBe(1);
  }, 120_000);

  it('lets the other process take over a job when the one running it is killed mid-run', async () => {
    const { services } = test;
    const article = await services.articles.create(articleInput({ headline: 'Published by the survivor' }), { status: 'scheduled', scheduledFor: new Date(Date.now() + 500).toISOString() });
    // Writes to articles wait behind this lock: the next publish run holds its job lock and blocks mid-job.
    const blocker = new pg.Client({ connectionString: test.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE articles IN EXCLUSIVE MODE');
      // A run holds its lock for milliseconds; one holding it while the article stays due is stuck behind the table lock.
      let holder: string | undefined;
      await eventually(
        async () => {
          const { rows } = await blocker.query<{ application_name: string }>(
            `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
              WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = (hashtext('publish-scheduled')::bigint & 4294967295)::oid
                AND EXISTS (SELECT 1 FROM articles WHERE id = $2 AND status = 'scheduled' AND scheduled_for < $3)`,
            [LOCK_SPACE, article.id, new Date().toISOString()],
          );
          holder = rows[0]?.application_name;
          return holder !== undefined;
        },
        60_000,
        'a process is stuck mid-way through publish-scheduled',
      );
      const pid = Number(holder!.replace('broadsheet-jobs-', ''));
      const victim = servers.find((s) => s.proc.pid === pid)!;
      const survivor = servers.find((s) => s !== victim)!;
      expect(victim).toBeDefined();
      victim.proc.kill('SIGKILL');
      await victim.exited;
      await blocker.query('COMMIT');

      await eventually(async () => (await services.articles.get(article.id))?.status === 'published', 30_000, 'the survivor publishes it');
      expect(await page(survivor, (await services.articles.get(article.id))!.path)).toContain('Published by the survivor');
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
    }
  }, 120_000);
});
