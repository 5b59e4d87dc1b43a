import { beforeAll, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';

describeEachDatabase('/admin/plans', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;

  beforeAll(async () => {
    app = createAdminTestApp(fixture().services);
    editor = await signIn(app, fixture().services, 'editor');
    writer = await signIn(app, fixture().services, 'writer');
  });

  it('lets an editor add a tier with benefits and prices in two currencies', async () => {
    const res = await adminPost(app, editor, '/admin/plans/tiers', { name: 'Supporter', benefits: 'Every article\nThe members’ letter', prices: 'gbp 5 50\nEUR 6.50 65', position: '0' });
    expect(res.status).toBe(303);
    const [tier] = (await fixture().services.plans.current()).tiers;
    expect(tier).toMatchObject({ name: 'Supporter', benefits: ['Every article', 'The members’ letter'], prices: [{ currency: 'GBP', monthly: 500, annual: 5000 }, { currency: 'EUR', monthly: 650, annual: 6500 }] });
    const page = await (await adminGet(app, editor, '/admin/plans')).text();
    expect(page).toContain('£5 / £50');
    expect(page).toContain('€6.50 / €65');
    const edit = await (await adminGet(app, editor, `/admin/plans/tiers/${tier!.id}`)).text();
    expect(edit).toContain('EUR 6.50 65');
  });

  it('refuses prices it cannot read, naming the line, keeping the typing', async () => {
    const res = await adminPost(app, editor, '/admin/plans/tiers', { name: 'Patron', benefits: 'Events', prices: 'GBP 15 150\nPounds 5', position: '1' });
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain('line 2: &quot;Pounds&quot; is not a three-letter currency code');
    expect(html).toContain('GBP 15 150\nPounds 5');
    expect(html).toMatch(/id="tier-name"[^>]*value="Patron"/);
    const missing = await adminPost(app, editor, '/admin/plans/tiers', { name: 'Patron', benefits: '', prices: 'GBP 15', position: '1' });
    expect(await missing.text()).toContain('give the monthly and the annual price after GBP');
  });

  it('saves donation amounts per currency and names a bad amount', async () => {
    expect((await adminPost(app, editor, '/admin/plans/donations', { oneOff: 'GBP 10 25 50', monthly: 'GBP 3 7' })).status).toBe(303);
    expect((await fixture().services.plans.current()).donations).toEqual([{ currency: 'GBP', oneOff: [1000, 2500, 5000], monthly: [300, 700] }]);
    const bad = await adminPost(app, editor, '/admin/plans/donations', { oneOff: 'GBP 10 -5', monthly: '' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('&quot;-5&quot; is not an amount');
  });

  it('refuses writers, in the service as on the page', async () => {
    expect((await adminGet(app, writer, '/admin/plans')).status).toBe(403);
    expect((await adminPost(app, writer, '/admin/plans/tiers', { name: 'Sneaky', benefits: '', prices: 'GBP 1 10', position: '0' })).status).toBe(403);
    await expect(fixture().services.plans.addTier(writer.actor, { name: 'Sneaky', benefits: '', prices: 'GBP 1 10', position: '0' })).rejects.toThrow(/needs the editor role/);
  });
});
