import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { safeCell } from '../src/members/admin/csv-cells.js';
import { adminGet, adminPost, adminUpload, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { membershipRow, paymentRow, reader, seedNewsletters, seedPlans } from './support/fixtures.js';

const ghostCsv = readFileSync(new URL('./fixtures/ghost-members.csv', import.meta.url), 'utf8');
const DAY = 86_400_000;
const future = new Date(Date.now() + 30 * DAY).toISOString();
const past = new Date(Date.now() - 30 * DAY).toISOString();

describe('safeCell', () => {
  it('prefixes cells a spreadsheet would run, and only those', () => {
    expect(['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', 'plain', 'a=b'].map(safeCell)).toEqual(["'=1+1", "'+44 20", "'-2", "'@SUM(A1)", "'\tx", 'plain', 'a=b']);
  });
});

describeEachDatabase('/admin/members', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  const ids: Record<string, number> = {};
  let tiers: Awaited<ReturnType<typeof seedPlans>>;
  let newsletters: Awaited<ReturnType<typeof seedNewsletters>>;

  beforeAll(async () => {
    const services = fixture().services;
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer');
    tiers = await seedPlans(services);
    newsletters = await seedNewsletters(services);
    ids.paying = await reader(services, 'paying@example.org', { name: 'Paula Paying', createdAt: '2026-01-10T09:00:00.000Z' });
    ids.pastDue = await reader(services, 'late@example.org', { name: 'Larry Late', createdAt: '2026-02-10T09:00:00.000Z' });
    ids.lapsed = await reader(services, 'gone@example.org', { name: 'Gina Gone', createdAt: '2026-03-10T09:00:00.000Z' });
    ids.free = await reader(services, 'free@example.org', { name: 'Fred Free', createdAt: '2026-04-10T09:00:00.000Z' });
    ids.formula = await reader(services, 'sheet@example.org', { name: '=HYPERLINK("http://evil.example","click")', createdAt: '2026-05-10T09:00:00.000Z' });
    await membershipRow(services, ids.paying, { tierId: tiers.patron, amount: 1500, currentPeriodEnd: future });
    await membershipRow(services, ids.pastDue, { tierId: tiers.supporter, status: 'past_due', pastDueSince: new Date(Date.now() - DAY).toISOString() });
    await membershipRow(services, ids.lapsed, { tierId: tiers.supporter, status: 'canceled', currentPeriodEnd: past });
    await paymentRow(services, ids.paying, { kind: 'recurring', amount: 1500, paidAt: '2026-11-01T10:00:00.000Z' });
    await paymentRow(services, ids.paying, { kind: 'one_off', amount: 2500, refunded: 1000, paidAt: '2026-10-05T10:00:00.000Z' });
    await services.database.db
      .insertInto('subscriptions')
      .values({ subscriber_id: ids.free, newsletter_id: newsletters.daily.id, status: 'active', requested_at: past, confirmed_at: past, unsubscribed_at: null })
      .execute();
  });

  const emailsOf = async (query: string) => {
    const html = await (await adminGet(app, editor, `/admin/members${query}`)).text();
    return [...html.matchAll(/<a href="\/admin\/members\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]).sort();
  };

  it('searches by email or name and filters by status, tier, source, newsletter and signup date', async () => {
    expect(await emailsOf('?q=PAULA')).toEqual(['paying@example.org']);
    expect(await emailsOf('?q=late@')).toEqual(['late@example.org']);
    expect(await emailsOf('?status=member')).toEqual(['late@example.org', 'paying@example.org']);
    expect(await emailsOf('?status=past_due')).toEqual(['late@example.org']);
    expect(await emailsOf('?status=lapsed')).toEqual(['gone@example.org']);
    expect(await emailsOf('?status=free&q=example.org')).toEqual(expect.arrayContaining(['free@example.org', 'sheet@example.org']));
    expect(await emailsOf(`?tier=${tiers.supporter}`)).toEqual(['gone@example.org', 'late@example.org']);
    expect(await emailsOf(`?newsletter=${newsletters.daily.id}`)).toEqual(['free@example.org']);
    expect(await emailsOf('?source=stripe')).toEqual(['gone@example.org', 'late@example.org', 'paying@example.org']);
    expect(await emailsOf('?from=2026-02-01&to=2026-03-10')).toEqual(['gone@example.org', 'late@example.org']);
  });

  it('refuses a filter it cannot read, naming it, with the typing kept', async () => {
    const res = await adminGet(app, editor, '/admin/members?from=last+week&q=ada');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Signed up from must be a date (YYYY-MM-DD)');
    expect(html).toMatch(/id="members-q"[^>]*value="ada"/);
  });

  it("shows a member's plan, payments with refunds, and notes an editor adds", async () => {
    expect((await adminPost(app, editor, `/admin/members/${ids.paying}/notes`, { body: 'Called about a lost print copy' })).status).toBe(303);
    const empty = await adminPost(app, editor, `/admin/members/${ids.paying}/notes`, { body: '   ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('The note is required');
    const html = await (await adminGet(app, editor, `/admin/members/${ids.paying}`)).text();
    expect(html).toContain('Patron');
    expect(html).toContain('£15 / month');
    expect(html).toContain('£25');
    expect(html).toContain('£10');
    expect(html).toContain('Called about a lost print copy');
    expect(html).toContain(editor.user.name);
  });

  it('lists the sign-in links sent and whether they were used, never their tokens', async () => {
    const { db } = fixture().services.database;
    await db.insertInto('reader_sign_in_links').values({ subscriber_id: ids.free, token_hash: 'secret-hash-value', expires_at: future, used_at: past, created_at: past }).execute();
    const html = await (await adminGet(app, editor, `/admin/members/${ids.free}`)).text();
    expect(html).toContain('Sign-in links sent');
    expect(html).not.toContain('secret-hash-value');
    expect(html).not.toContain('None sent.');
  });

  it('makes a complimentary member count as a member until it is removed', async () => {
    const { memberships, database } = fixture().services;
    expect(await memberships.standingOf(ids.free)).toBe('registered');
    expect((await adminPost(app, editor, `/admin/members/${ids.free}/complimentary`, { until: '' })).status).toBe(303);
    expect(await memberships.standingOf(ids.free)).toBe('member');
    expect(await emailsOf('?source=complimentary')).toEqual(['free@example.org']);
    expect(await (await adminGet(app, editor, `/admin/members/${ids.free}`)).text()).toContain('with no end date');
    expect((await adminPost(app, editor, `/admin/members/${ids.free}/complimentary/remove`)).status).toBe(303);
    expect(await memberships.standingOf(ids.free)).toBe('registered');

    const until = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    expect((await adminPost(app, editor, `/admin/members/${ids.free}/complimentary`, { until })).status).toBe(303);
    expect(await memberships.standingOf(ids.free)).toBe('member');
    expect(await memberships.standingOf(ids.free, new Date(Date.now() + 20 * DAY))).toBe('registered');
    // The reader's own account page says what they have, and until when.
    expect(await memberships.planOf(ids.free)).toMatchObject({ kind: 'complimentary', status: 'active', periodEnd: expect.stringContaining(until) });
    expect(await memberships.planOf(ids.free, new Date(Date.now() + 20 * DAY))).toBeNull();
    await fixture().services.memberAdmin.removeGrant(editor.actor, ids.free);
    expect(await database.db.selectFrom('complimentary_memberships').selectAll().execute()).toEqual([]);

    const bad = await adminPost(app, editor, `/admin/members/${ids.free}/complimentary`, { until: '2001-01-01' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('The end date must be today or later');
    expect(html).toMatch(/id="comp-until"[^>]*value="2001-01-01"/);
  });

  it('exports the filtered list as CSV with formulas defused', async () => {
    const res = await adminGet(app, editor, '/admin/members/export.csv?status=free&q=sheet');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="members-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('email,name,status,plan,source,signed_up,labels');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(`sheet@example.org,"'=HYPERLINK(""http://evil.example"",""click"")",Free,,Signup,2026-05-10,`);
    const all = (await (await adminGet(app, editor, '/admin/members/export.csv?status=member')).text()).trim().split('\n');
    expect(all.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['late@example.org', 'paying@example.org']);
  });

  it("imports Ghost's members CSV: one record per address, skipped lines named, nothing twice", async () => {
    const { services } = fixture();
    const existing = await reader(services, 'existing@example.org', { name: 'Already Here' });
    const res = await adminUpload(app, editor, '/admin/members/import', 'file', { name: 'members.csv', type: 'text/csv', content: ghostCsv });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2 created, 1 updated, 2 skipped.');
    expect(html).toContain('Line 4: &quot;not-an-email&quot; is not an email address');
    expect(html).toContain('Line 6: ada@example.org appears on an earlier line');

    const { db } = services.database;
    const ada = await db.selectFrom('subscribers').selectAll().where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
    expect(ada).toMatchObject({ name: 'Lovelace, Ada', stripe_customer_id: 'cus_Ada123', source: 'import', created_at: '2024-03-05T10:00:00.000Z', labels: JSON.stringify(['VIP', 'Founding']) });
    const adaNewsletters = await db.selectFrom('subscriptions').select(['newsletter_id', 'status']).where('subscriber_id', '=', ada.id).orderBy('newsletter_id').execute();
    expect(adaNewsletters).toEqual([
      { newsletter_id: newsletters.daily.id, status: 'active' },
      { newsletter_id: newsletters.weekend.id, status: 'active' },
    ]);
    const adaPage = await (await adminGet(app, editor, `/admin/members/${ada.id}`)).text();
    expect(adaPage).toContain('Met at the &quot;Open Newsroom&quot; day, asked about print');

    const again = await db.selectFrom('subscribers').selectAll().where('email', '=', 'existing@example.org').execute();
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: existing, name: 'Already Here', labels: JSON.stringify(['Press']) });
    expect(await services.memberships.standingOf(existing)).toBe('member');

    const second = await services.memberAdmin.importGhost({ ...editor.actor, name: editor.user.name }, ghostCsv);
    expect(second).toMatchObject({ created: 0, updated: 3 });
    expect(await db.selectFrom('subscribers').select('id').where('email', 'in', ['ada@example.org', 'existing@example.org', '=cmd@example.org']).execute()).toHaveLength(3);
  });

  it('refuses a file that is not a members export, importing nothing', async () => {
    const before = (await fixture().services.database.db.selectFrom('subscribers').select('id').execute()).length;
    const res = await adminUpload(app, editor, '/admin/members/import', 'file', { name: 'posts.csv', type: 'text/csv', content: 'title,slug\nHello,hello\n' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('has no email column');
    expect((await fixture().services.database.db.selectFrom('subscribers').select('id').execute()).length).toBe(before);
  });

  it('draws members, MRR, joins, churn and donations per month from the payments and memberships', async () => {
    const { services } = fixture();
    await membershipRow(services, null, { amount: 600, createdAt: '2025-01-15T00:00:00.000Z' });
    await membershipRow(services, null, { amount: 6000, interval: 'year', createdAt: '2025-03-02T00:00:00.000Z' });
    await membershipRow(services, null, { amount: 600, status: 'canceled', currentPeriodEnd: '2025-05-20T00:00:00.000Z', createdAt: '2025-02-01T00:00:00.000Z' });
    await membershipRow(services, null, { kind: 'donation', amount: 300, createdAt: '2025-02-01T00:00:00.000Z' });
    await paymentRow(services, null, { kind: 'one_off', amount: 2500, paidAt: '2025-04-10T00:00:00.000Z' });
    await paymentRow(services, null, { kind: 'one_off', amount: 1000, refunded: 400, paidAt: '2025-04-20T00:00:00.000Z' });
    const { currency, months } = await services.memberAdmin.revenue(editor.actor, new Date('2025-06-15T12:00:00Z'));
    expect(currency).toBe('GBP');
    const by = Object.fromEntries(months.map((m) => [m.month, m]));
    expect(months.map((m) => m.month)).toEqual(['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(by['2025-01']).toMatchObject({ members: 1, mrr: 600, joined: 1, churned: 0 });
    expect(by['2025-03']).toMatchObject({ members: 3, mrr: 600 + 500 + 600, joined: 1 });
    expect(by['2025-04']).toMatchObject({ donations: 3100 });
    expect(by['2025-05']).toMatchObject({ members: 2, mrr: 1100, churned: 1 });

    const html = await (await adminGet(app, editor, '/admin/members/revenue')).text();
    expect(html).toContain('<title id="chart-members-title">Paying members at each month&#39;s end</title>');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-mrr-title chart-mrr-desc"/);
    expect(html).toContain('Donations received per month in GBP, less refunds');
  });

  it('refuses writers, in the service as on the pages', async () => {
    for (const path of ['/admin/members', '/admin/members/revenue', '/admin/members/export.csv', `/admin/members/${ids.paying}`, '/admin/members/import']) {
      expect((await adminGet(app, writer, path)).status, path).toBe(403);
    }
    expect((await adminPost(app, writer, `/admin/members/${ids.free}/complimentary`, { until: '' })).status).toBe(403);
    await expect(fixture().services.memberAdmin.list(writer.actor, {}, 1)).rejects.toThrow(/editor/);
  });
});

describe('broadsheet members import', { timeout: 120_000 }, () => {
  it("imports Ghost's members CSV from the command line, naming skipped lines", async () => {
    const { runCli, tempDataDir } = await import('./support/cli.js');
    const { fileURLToPath } = await import('node:url');
    const dataDir = tempDataDir();
    const result = runCli(['members', 'import', fileURLToPath(new URL('./fixtures/ghost-members.csv', import.meta.url))], { DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('skipped\tline 4: "not-an-email" is not an email address');
    expect(result.stdout).toMatch(/: 3 created, 0 updated, 2 skipped\.$/m);
    const missing = runCli(['members', 'import', '/nonexistent/members.csv'], { DATA_DIR: dataDir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('broadsheet: cannot read /nonexistent/members.csv\n');
  });
});
