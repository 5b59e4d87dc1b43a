import { expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { articleLinkTokens } from '../src/newsletters/article-links.js';
import { createServices } from '../src/services.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { adminGet, adminPost, createAdminTestApp, signIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { membershipRow, publishedArticle, seedNewsletters, seedNewsroom, subscription } from './support/fixtures.js';

const day = 86_400_000;
const iso = (days: number) => new Date(Date.now() + days * day).toISOString();

describeEachDatabase('newsletters meet members: audiences and segments', (fixture) => {
  const setup = async () => {
    const { services, database } = fixture();
    const { db } = database;
    await seedNewsroom(services);
    // The weekend read holds each issue for an editor, who sends it to the segment they choose.
    const { weekend: newsletter } = await seedNewsletters(services);
    const article = await publishedArticle(services, { headline: 'The harbour accounts', section: 'world' });
    const people = {
      member: 'member@example.org',
      graceMember: 'grace@example.org',
      lapsed: 'lapsed@example.org',
      registered: 'registered@example.org',
      free: 'free@example.org',
    };
    for (const email of Object.values(people)) await subscription(services, newsletter.id, email, { confirmedAt: iso(-60) });
    const idOf = async (email: string) => (await db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    await membershipRow(services, await idOf(people.member), { status: 'active', currentPeriodEnd: iso(20) });
    await membershipRow(services, await idOf(people.graceMember), { status: 'past_due', pastDueSince: iso(-2) });
    await membershipRow(services, await idOf(people.lapsed), { status: 'canceled', currentPeriodEnd: iso(-3) });
    await db.updateTable('subscribers').set({ claimed_at: iso(-10) }).where('email', 'in', [people.member, people.registered]).execute();
    const recipientsOf = async (issueId: number) =>
      (await db.selectFrom('deliveries').select('email').where('issue_id', '=', issueId).orderBy('email').execute()).map((r) => r.email);
    const issue = async () => (await services.newsletters.issues.composeNow('weekend-read', { subject: 'For you', intro: '', articles: [article.path] })).issue!;
    return { services, db, newsletter, people, recipientsOf, issue };
  };
  let ctx: Awaited<ReturnType<typeof setup>>;

  it('sends an issue to the segment chosen: members, free readers, lapsed members, or everyone', async () => {
    ctx = await setup();
    const { services, people, recipientsOf, issue } = ctx;
    const sendTo = async (segment?: 'everyone' | 'members' | 'free' | 'lapsed') => {
      const composed = await issue();
      await services.newsletters.issues.send(composed.id, segment);
      return recipientsOf(composed.id);
    };
    expect(await sendTo('members')).toEqual([people.graceMember, people.member].sort());
    expect(await sendTo('free')).toEqual([people.free, people.lapsed, people.registered].sort());
    expect(await sendTo('lapsed')).toEqual([people.lapsed]);
    expect(await sendTo()).toEqual(Object.values(people).sort());
  });

  it("keeps a members-only newsletter to members, and a registered readers' one to claimed accounts, whatever the segment", async () => {
    const { services, db, newsletter, people, recipientsOf, issue } = ctx;
    await db.updateTable('newsletters').set({ audience: 'members' }).where('id', '=', newsletter.id).execute();
    let composed = await issue();
    await services.newsletters.issues.send(composed.id, 'free');
    expect(await recipientsOf(composed.id)).toEqual([]);
    composed = await issue();
    await services.newsletters.issues.send(composed.id);
    expect(await recipientsOf(composed.id)).toEqual([people.graceMember, people.member].sort());

    await db.updateTable('newsletters').set({ audience: 'registered' }).where('id', '=', newsletter.id).execute();
    composed = await issue();
    await services.newsletters.issues.send(composed.id);
    expect(await recipientsOf(composed.id)).toEqual([people.member, people.registered].sort());
    await db.updateTable('newsletters').set({ audience: 'everyone' }).where('id', '=', newsletter.id).execute();
  });

  it('lets an editor set the audience and choose the segment from the desk; a made-up segment is named and sends nothing', async () => {
    const { services, db, people, recipientsOf, issue } = ctx;
    const app = createAdminTestApp(services);
    const editor = await signIn(app, services, 'editor');
    const form = await adminGet(app, editor, '/admin/newsletters/weekend-read');
    const html = await form.text();
    expect(html).toContain('name="audience"');
    const composed = await issue();
    const page = await (await adminGet(app, editor, `/admin/newsletters/weekend-read/issues/${composed.id}`)).text();
    expect(page).toMatch(/<select id="nl-segment" name="segment"/);

    const refused = await adminPost(app, editor, `/admin/newsletters/weekend-read/issues/${composed.id}/send`, { segment: 'vips' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Send to: must be every subscriber, members, free readers or lapsed members');
    expect(await recipientsOf(composed.id)).toEqual([]);

    const sent = await adminPost(app, editor, `/admin/newsletters/weekend-read/issues/${composed.id}/send`, { segment: 'lapsed' });
    expect(sent.status).toBe(303);
    expect(await recipientsOf(composed.id)).toEqual([people.lapsed]);
    expect((await db.selectFrom('newsletter_issues').select('segment').where('id', '=', composed.id).executeTakeFirstOrThrow()).segment).toBe('lapsed');
  });

  it("links a members-only issue's articles with the recipient's own signed token, which opens the gated article in full; a tampered one does not", async () => {
    const sink = await startSmtpSink();
    try {
      const siteUrl = 'http://localhost';
      const config = { timeZone: 'Europe/London', siteUrl, secretKey: 's'.repeat(40), smtpUrl: sink.url, mailFrom: 'Test Gazette <news@test.example>' };
      const services = createServices(fixture().database, config);
      const app = createApp({ services, config: { siteName: 'Test Gazette', ...config } });
      const { db, newsletter, people } = ctx;
      const gated = await publishedArticle(services, { headline: 'Inside the board’s books', section: 'world', access: 'members' });
      await db.updateTable('newsletters').set({ audience: 'members' }).where('id', '=', newsletter.id).execute();
      const composed = (await services.newsletters.issues.composeNow('weekend-read', { subject: 'Members: the books', intro: '', articles: [gated.path] })).issue!;
      await services.newsletters.issues.send(composed.id);
      await services.newsletters.send(composed.id, { connections: 1 });
      const mails = await sink.parsed();
      expect(mails.map((m) => (m.to as { text: string }).text).sort()).toEqual([people.graceMember, people.member].sort());
      // The article's link goes through the click redirect (src/analytics/links/), which hands the reader's token back as `gift`.
      const linkOf = async (text: string) => {
        const tracked = [...text.matchAll(new RegExp(`${siteUrl}/r/[^\\s)\\]]+`, 'g'))].map((m) => new URL(m[0])).find((url) => url.searchParams.get('u') === `${siteUrl}${gated.path}`)!;
        return new URL((await app.request(`${tracked.pathname}${tracked.search}`)).headers.get('location')!);
      };
      const [first, second] = await Promise.all(mails.map((m) => linkOf(m.text!)));
      expect(first!.pathname).toBe(gated.path);
      expect(first!.searchParams.get('gift')).not.toBe(second!.searchParams.get('gift')); // one token per recipient
      expect(mails[0]!.html).toContain(`&amp;g=${(await linkOf(mails[0]!.text!)).searchParams.get('gift')}`);

      const open = await app.request(`${first!.pathname}${first!.search}`);
      const html = await open.text();
      expect(open.status).toBe(200);
      expect(html).toContain('class="article-body"');
      expect(html).not.toContain('access-offer');
      expect(open.headers.get('set-cookie')).toBeNull(); // not counted on the meter

      const token = first!.searchParams.get('gift')!;
      const tampered = token.replace(/^[0-9a-z]+/, (id) => (parseInt(id, 36) + 1).toString(36));
      for (const bad of [tampered, `${token.slice(0, -2)}xx`, 'garbage']) {
        const refused = await (await app.request(`${gated.path}?gift=${encodeURIComponent(bad)}`)).text();
        expect(refused, bad).toContain('access-offer');
        expect(refused, bad).not.toContain('class="article-body"');
      }
      // A token opens only its own article, and only until it expires.
      const links = articleLinkTokens(config.secretKey);
      const made = links.make(gated.id, 7, new Date('2026-12-01T00:00:00Z'));
      expect(links.opens(made, gated.id, new Date('2026-12-30T00:00:00Z'))).toBe(7);
      expect(links.opens(made, gated.id, new Date('2027-01-01T00:00:00Z'))).toBeUndefined();
      expect(links.opens(made, gated.id + 1, new Date('2026-12-02T00:00:00Z'))).toBeUndefined();
    } finally {
      await sink.close();
    }
  });
  it('offers a members-only newsletter to members alone: not on the public form, nor to a free reader\'s preferences', async () => {
    const { services, db, people } = ctx;
    const daily = await db.selectFrom('newsletters').select('id').where('slug', '=', 'daily-brief').executeTakeFirstOrThrow();
    await db.updateTable('newsletters').set({ audience: 'members' }).where('id', '=', daily.id).execute();
    await db.updateTable('newsletters').set({ audience: 'everyone' }).where('slug', '=', 'weekend-read').execute();
    try {
      const config = { timeZone: 'Europe/London', siteUrl: 'http://localhost', secretKey: 's'.repeat(40) };
      const app = createApp({ services, config: { siteName: 'Test Gazette', ...config } });
      const catalogue = await (await app.request('/newsletters')).text();
      expect(catalogue).toContain('value="weekend-read"');
      expect(catalogue).not.toContain('value="daily-brief"');

      // The public form takes it from no one, without saying whether the address is a member's.
      const { subscriptions } = services.newsletters;
      await expect(subscriptions.signup({ email: people.member, newsletters: ['daily-brief'] })).rejects.toThrow(/Members-only newsletter/);
      await expect(subscriptions.signup({ email: 'new@example.org', newsletters: ['daily-brief'] })).rejects.toThrow(/Members-only newsletter/);
      expect(await db.selectFrom('subscribers').select('id').where('email', '=', 'new@example.org').executeTakeFirst()).toBeUndefined();

      const tokenOf = async (email: string) => services.readerAccounts.preferencesToken((await db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);
      const free = await tokenOf(people.free);
      expect((await subscriptions.preferences(free))!.newsletters.map((n) => n.slug)).toEqual(['weekend-read']);
      await expect(subscriptions.updatePreferences(free, ['weekend-read', 'daily-brief'])).rejects.toThrow(/Members-only newsletter/);

      const member = await tokenOf(people.member);
      expect((await subscriptions.preferences(member))!.newsletters.map((n) => n.slug).sort()).toEqual(['daily-brief', 'weekend-read']);
      const chosen = await subscriptions.updatePreferences(member, ['weekend-read', 'daily-brief']);
      expect(chosen!.newsletters.filter((n) => n.subscribed).map((n) => n.slug).sort()).toEqual(['daily-brief', 'weekend-read']);
    } finally {
      await db.updateTable('newsletters').set({ audience: 'everyone' }).where('id', '=', daily.id).execute();
    }
  });
});
