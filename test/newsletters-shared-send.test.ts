import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/services.js';
import { createPostgresDatabase, postgresUrl, type TestDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const SUBSCRIBERS = 4000;
const secretKey = 'm'.repeat(40);

/** `broadsheet newsletter send --resume` as its own process; resolves to its stdout, or fails with its stderr. */
function sender(db: TestDatabase, smtpUrl: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'newsletter', 'send', '--resume', '--connections', '2'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, SMTP_URL: smtpUrl, SECRET_KEY: secretKey, SITE_URL: 'http://localhost' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 && !stderr ? resolve(stdout) : reject(new Error(`sender exited ${code}: ${stderr}`)))));
}

// SQLite serves one process; sharing a send between processes is PostgreSQL's FOR UPDATE SKIP LOCKED.
describe.skipIf(!postgresUrl)('two processes sharing one send [postgres]', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let services: Services;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sink = await startSmtpSink({ keep: false });
    services = createServices(database.database, { timeZone: 'Europe/London', secretKey, smtpUrl: sink.url, siteUrl: 'http://localhost' });
    await seedNewsroom(services);
    const article = await publishedArticle(services, { headline: 'The shared story' });
    await services.newsletters.add({ slug: 'shared', name: 'Shared', cadence: null, rule: { kind: 'manual' } });
    await services.newsletters.subscriptions.importSubscribers('shared', Array.from({ length: SUBSCRIBERS }, (_, i) => `reader${i}@example.org`));
    const { issue } = await services.newsletters.issues.composeNow('shared', { subject: 'Shared', articles: [article.path] });
    expect(issue!.recipients).toBe(SUBSCRIBERS);
  }, 120_000);
  afterAll(async () => {
    await sink.close();
    await database.close();
  });

  it('reaches every subscriber exactly once, each process taking a share', async () => {
    const outputs = await Promise.all([sender(database, sink.url), sender(database, sink.url)]);
    const shares = outputs.map((o) => Number(/This process sent (\d+)\./.exec(o)![1]));
    expect(shares.every((n) => n > 0), `shares ${shares.join(' + ')}`).toBe(true);
    expect(shares[0]! + shares[1]!).toBe(SUBSCRIBERS);

    const received = new Map<string, number>();
    for (const m of sink.messages) for (const to of m.to) received.set(to, (received.get(to) ?? 0) + 1);
    expect(received.size).toBe(SUBSCRIBERS);
    expect([...received.values()].filter((n) => n !== 1)).toEqual([]);
    const [issue] = await services.newsletters.issues.list((await services.newsletters.find('shared'))!.id, ['sent']);
    expect(issue?.status).toBe('sent');
  }, 120_000);
});
