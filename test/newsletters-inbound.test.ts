import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type Services } from '../src/services.js';
import { runCli } from './support/cli.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const secretKey = 'i'.repeat(40);

/** What a reader's mail program sends when asked to follow a `mailto:` link. */
async function mailFromLink(mailto: string, from: string): Promise<string> {
  const url = new URL(mailto);
  const message = new MailComposer({ from, to: url.pathname, subject: url.searchParams.get('subject') ?? '', text: 'Sent by my mail program.' });
  return (await message.compile().build()).toString();
}

describeEachDatabase('unsubscribing by email (List-Unsubscribe mailto)', (fixture) => {
  let sink: SmtpSink;
  let services: Services;
  let mailto: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    services = createServices(fixture().database, { timeZone: 'Europe/London', secretKey, smtpUrl: sink.url, siteUrl: 'http://localhost', mailFrom: 'The Test Times <news@test.example>' });
    await seedNewsroom(services);
    const article = await publishedArticle(services, { headline: 'The inbound story' });
    await services.newsletters.add({ slug: 'inbound-test', name: 'Inbound Test', cadence: null, rule: { kind: 'manual' } });
    await services.newsletters.subscriptions.importSubscribers('inbound-test', ['ann@example.org', 'bob@example.org']);
    const { issue } = await services.newsletters.issues.composeNow('inbound-test', { subject: 'Inbound', articles: [article.path] });
    await services.newsletters.send(issue!.id, { connections: 2 });
    const ann = (await sink.parsed()).find((m) => (m.to as { text: string }).text === 'ann@example.org')!;
    const header = ann.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ' ');
    mailto = /<(mailto:[^>]+)>/.exec(header)![1]!;
  }, 60_000);
  afterAll(() => sink.close());

  const statuses = async () =>
    Object.fromEntries(
      (
        await fixture()
          .database.db.selectFrom('subscriptions')
          .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
          .select(['subscribers.email', 'subscriptions.status'])
          .execute()
      ).map((r) => [r.email, r.status]),
    );
  const inbound = (raw: string) =>
    runCli(['newsletter', 'inbound'], { DATA_DIR: fixture().dataDir, DATABASE_URL: fixture().databaseUrl, SECRET_KEY: secretKey }, raw);

  it('refuses a message without a genuine token, naming the problem, and changes nothing', async () => {
    const forged = mailto.replace(/(%20u[0-9a-z]+\.[^.]*\.)[A-Za-z0-9_-]{27}/, `$1${'A'.repeat(27)}`);
    expect(forged).not.toBe(mailto);
    for (const raw of [await mailFromLink(forged, 'ann@example.org'), await mailFromLink('mailto:news@test.example?subject=unsubscribe', 'ann@example.org')]) {
      const result = inbound(raw);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^broadsheet: Not an unsubscribe request: message: no valid unsubscribe token/m);
    }
    expect(await statuses()).toEqual({ 'ann@example.org': 'active', 'bob@example.org': 'active' });
  });

  it('unsubscribes the reader whose token the mail carries, from that newsletter only', async () => {
    // Sent from another address (an alias, a forward): the signed token decides, not the From.
    const result = inbound(await mailFromLink(mailto, 'someone-else@example.net'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Unsubscribed ann@example.org from Inbound Test.');
    expect(await statuses()).toEqual({ 'ann@example.org': 'unsubscribed', 'bob@example.org': 'active' });
  });
});
