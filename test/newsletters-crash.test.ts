import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type Services } from '../src/services.js';
import { describeEachDatabase, type TestDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const SUBSCRIBERS = 3000;
const CONNECTIONS = 4;
const KILL_AFTER = 1000;
const secretKey = 'c'.repeat(40);

/** `broadsheet newsletter send --resume` as its own process, as an operator would run it. */
function sender(db: TestDatabase, smtpUrl: string): { child: ChildProcess; output: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'newsletter', 'send', '--resume', '--connections', String(CONNECTIONS), '--lease', '2'],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, SMTP_URL: smtpUrl, SECRET_KEY: secretKey, SITE_URL: 'http://localhost' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return { child, output: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

describeEachDatabase('a newsletter send killed mid-way and resumed', (fixture) => {
  let sink: SmtpSink;
  let services: Services;

  beforeAll(async () => {
    sink = await startSmtpSink({ keep: false });
    services = createServices(fixture().database, { timeZone: 'Europe/London', secretKey, smtpUrl: sink.url, siteUrl: 'http://localhost' });
    await seedNewsroom(services);
    const article = await publishedArticle(services, { headline: 'The one story' });
    await services.newsletters.add({ slug: 'crash-test', name: 'Crash Test', cadence: null, rule: { kind: 'manual' } });
    const emails = Array.from({ length: SUBSCRIBERS }, (_, i) => `reader${i}@example.org`);
    await services.newsletters.subscriptions.importSubscribers('crash-test', emails);
    const { issue } = await services.newsletters.issues.composeNow('crash-test', { subject: 'Crash', articles: [article.path] });
    expect(issue!.recipients).toBe(SUBSCRIBERS);
  }, 120_000);
  afterAll(() => sink.close());

  it('reaches every subscriber, with duplicates only among the few in flight, as the resume reports', async () => {
    const { db } = fixture().database;
    const sentRows = async () =>
      Number((await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow()).n);

    const first = sender(fixture(), sink.url);
    while ((await sentRows()) < KILL_AFTER) {
      if (first.child.exitCode !== null) throw new Error(`sender exited early: ${(await first.output).stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    await first.output;
    const handedAtCrash = Number(
      (await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'handed').executeTakeFirstOrThrow()).n,
    );
    expect(handedAtCrash).toBeLessThanOrEqual(CONNECTIONS);
    expect(sink.count).toBeLessThan(SUBSCRIBERS);

    const second = await sender(fixture(), sink.url).output;
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const reported = Number(/sent again: (\d+)/.exec(second.stdout)![1]);
    expect(reported).toBe(handedAtCrash);
    const markedResent = await db.selectFrom('deliveries').select('id').where('resent', '=', 1).execute();
    expect(markedResent.length).toBe(reported);

    const received = new Map<string, number>();
    for (const m of sink.messages) for (const to of m.to) received.set(to, (received.get(to) ?? 0) + 1);
    const missed = SUBSCRIBERS - received.size;
    const duplicates = sink.messages.length - received.size;
    expect(missed).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(reported);
    expect(duplicates).toBeLessThanOrEqual(CONNECTIONS);
    expect(second.stdout).toContain(`${SUBSCRIBERS}/${SUBSCRIBERS} sent, 0 failed`);
  }, 120_000);
});
