import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { b } from '../src/content/blocks.js';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

describeEachDatabase('site settings in the newsroom', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let admin: SignedIn;
  let editor: SignedIn;
  let articlePath: string;
  const page = async (path: string) => parseHTML(await (await app.request(path)).text()).document;
  const paragraphsBeforeSlot = (doc: Document) => {
    const slot = doc.querySelector('.article-body > .partner-slot');
    const before: Element[] = [];
    for (let el = slot?.previousElementSibling; el; el = el.previousElementSibling) if (el.tagName === 'P') before.push(el);
    return slot ? before.length : -1;
  };

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    articlePath = (await publishedArticle(services, { body: [1, 2, 3, 4, 5, 6].map((n) => b.p(`Paragraph ${n}.`)) })).path;
    await publishedArticle(services, { headline: 'A paid-for piece', sponsor: 'Acme', authors: [] });
    app = createAdminTestApp(services);
    admin = await signIn(app, services, 'admin');
    editor = await signIn(app, services, 'editor');
  });

  it('an admin changes the support prompt, the support links and the partner slot; cached reader pages show it at once', async () => {
    // Rendered, and so cached, before the change.
    expect((await page('/')).querySelector('.support-prompt a')!.textContent).toBe('Support independent journalism: become a member or give once.');
    expect(paragraphsBeforeSlot(await page(articlePath))).toBe(4);
    expect((await page('/support')).querySelector('.support-page a.button')).toBeNull();

    const form = parseHTML(await (await adminGet(app, admin, '/admin/settings')).text()).document;
    expect(form.querySelector('label[for="s-prompt"]')!.textContent).toBe('Support prompt');
    expect(form.querySelector('nav a[href="/admin/settings"]')).not.toBeNull();

    const saved = await adminPost(app, admin, '/admin/settings', {
      supportPrompt: 'Keep the <Gazette> going: join today.',
      membershipUrl: 'https://pay.example.org/members',
      donationUrl: 'https://pay.example.org/give',
      partnerSlotAfter: '2',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/settings?done=saved');
    const after = parseHTML(await (await app.request(saved.headers.get('location')!, { headers: { cookie: admin.cookie } })).text()).document;
    expect(after.querySelector('[role="status"] .toast')!.textContent).toBe('Saved');

    const home = await page('/');
    expect(home.querySelector('.support-prompt a')!.textContent).toBe('Keep the <Gazette> going: join today.');
    expect(home.querySelector('.support-prompt a')!.getAttribute('href')).toBe('/support');
    expect(paragraphsBeforeSlot(await page(articlePath))).toBe(2);
    const support = await page('/support');
    expect([...support.querySelectorAll('.support-page a.button')].map((a) => [a.textContent!.trim(), a.getAttribute('href')])).toEqual([
      ['Become a member', 'https://pay.example.org/members'],
      ['Give once', 'https://pay.example.org/give'],
    ]);
  });

  it('names the fields an admin got wrong, keeps their typing, and changes nothing', async () => {
    const res = await adminPost(app, admin, '/admin/settings', { supportPrompt: 'Still here', membershipUrl: 'javascript:alert(1)', donationUrl: '', partnerSlotAfter: 'four' });
    expect(res.status).toBe(422);
    const doc = parseHTML(await res.text()).document;
    expect([...doc.querySelectorAll('[role="alert"] li a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['#s-membership', 'Membership sign-up address must be an https:// address, or empty'],
      ['#s-partner', 'Partner slot after paragraph must be a whole number'],
    ]);
    expect(doc.querySelector('#s-membership')!.getAttribute('aria-describedby')).toBe('s-membership-hint s-membership-error');
    expect(doc.querySelector('#s-membership-error')!.textContent).toBe('Error: Membership sign-up address must be an https:// address, or empty');
    expect(doc.querySelector('#s-prompt')!.getAttribute('aria-invalid')).toBeNull();
    expect(doc.querySelector<HTMLInputElement>('#s-membership')!.getAttribute('value')).toBe('javascript:alert(1)');
    expect(doc.querySelector<HTMLInputElement>('#s-partner')!.getAttribute('value')).toBe('four');
    expect((await fixture().services.settings.get()).supportPrompt).toBe('Keep the <Gazette> going: join today.');
  });

  it('an editor may neither see nor change them', async () => {
    expect((await adminGet(app, editor, '/admin/settings')).status).toBe(403);
    const attempt = await adminPost(app, editor, '/admin/settings', { supportPrompt: 'Taken over', membershipUrl: '', donationUrl: '', partnerSlotAfter: '0' });
    expect(attempt.status).toBe(403);
    expect((await fixture().services.settings.get()).supportPrompt).toBe('Keep the <Gazette> going: join today.');
    const nav = parseHTML(await (await adminGet(app, editor, '/admin/articles')).text()).document;
    expect(nav.querySelector('nav a[href="/admin/settings"]')).toBeNull();
  });

  it('refuses a settings form without the session’s CSRF token', async () => {
    const res = await adminPost(app, admin, '/admin/settings', { supportPrompt: 'Forged', membershipUrl: '', donationUrl: '', partnerSlotAfter: '1' }, 'forged-token');
    expect(res.status).toBe(403);
    expect((await fixture().services.settings.get()).supportPrompt).toBe('Keep the <Gazette> going: join today.');
  });
});
