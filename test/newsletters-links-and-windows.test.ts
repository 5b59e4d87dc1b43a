import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newsletterService } from '../src/newsletters/newsletter-service.js';
import { createServices } from '../src/services.js';
import { runCli, tempDataDir } from './support/cli.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

describe('newsletter send from the command line', { timeout: 120_000 }, () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it('refuses to send without SITE_URL, naming it, and composes nothing; with it, a quiet first issue names the empty window', () => {
    const dataDir = tempDataDir();
    const env = { DATA_DIR: dataDir, SMTP_URL: sink.url, SECRET_KEY: 'k'.repeat(40) };
    expect(runCli(['newsletter', 'add', 'quiet', '--name', 'Quiet', '--rule', 'latest', '--cron', '0 7 * * *'], env).status).toBe(0);

    const refused = runCli(['newsletter', 'send', 'quiet'], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^broadsheet: Sending email needs SITE_URL, the site's public address .*http:\/\/127\.0\.0\.1:3000/);
    const db = new Database(join(dataDir, 'broadsheet.sqlite'), { readonly: true });
    try {
      expect(db.prepare('select count(*) as n from newsletter_issues').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }

    const quiet = runCli(['newsletter', 'send', 'quiet'], { ...env, SITE_URL: 'https://news.example.org' });
    expect(quiet.stderr).toBe('');
    const window = /^Nothing new for quiet published between ((\d{1,2} \w{3} \d{4}), \d\d:\d\d) and ((\d{1,2} \w{3} \d{4}), \d\d:\d\d) \(Europe\/London\): no issue sent\.$/m.exec(quiet.stdout);
    expect(window, quiet.stdout).not.toBeNull();
    // A daily list's first issue looks back to the slot before the latest one: into an earlier day.
    expect(window![1]).toMatch(/07:00$/);
    expect(window![2]).not.toBe(window![4]);
    expect(sink.count).toBe(0);
  });
});

describeEachDatabase('first issues and links in emails', (fixture) => {
  it('covers a whole interval of its cadence in a first issue composed between slots', async () => {
    const base = fixture().services;
    await seedNewsroom(base);
    // Monday 12:00, five hours after the 07:00 slot; the piece went out at 06:00, before it.
    const clock = new Date('2026-01-12T12:00:00.000Z');
    const newsletters = newsletterService(fixture().database, { timeZone: 'Europe/London', siteUrl: 'https://news.example.org' }, { ...base, now: () => clock });
    await newsletters.add({ slug: 'early', name: 'Early', cadence: { cron: '0 7 * * *', timezone: 'Europe/London', label: 'Daily' }, rule: { kind: 'latest', sections: ['world'] } });
    await publishedArticle(base, { headline: 'Overnight news', section: 'world' }, { publishedAt: '2026-01-12T06:00:00.000Z' });

    const outcome = await newsletters.issues.composeNow('early');
    expect(outcome.skipped).toBe(false);
    expect(outcome.window).toEqual({ since: '2026-01-11T07:00:00.000Z', until: '2026-01-12T12:00:00.000Z' });
    expect(outcome.issue!.items.map((i) => i.headline)).toEqual(['Overnight news']);
    expect((await newsletters.issues.row(outcome.issue!.id)).text).toContain('https://news.example.org/world/2026/01/');
  });

  it('keeps a confirmation email queued, naming SITE_URL, when the site address was only derived', async () => {
    const sink = await startSmtpSink();
    try {
      const services = createServices(fixture().database, { timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1:3000', siteUrlDerived: true, smtpUrl: sink.url });
      await services.newsletters.add({ slug: 'derived', name: 'Derived', cadence: null, rule: { kind: 'manual' } });
      await services.newsletters.subscriptions.signup({ email: 'reader@example.org', newsletters: ['derived'] });
      expect(sink.count).toBe(0);
      const [queued] = await fixture().database.db.selectFrom('mail_outbox').selectAll().execute();
      expect(queued).toMatchObject({ sent_at: null, attempts: 1 });
      expect(queued!.last_error).toContain('Sending email needs SITE_URL');
    } finally {
      await sink.close();
    }
  });
});
