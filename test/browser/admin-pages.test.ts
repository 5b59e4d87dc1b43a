import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordResetStore } from '../../src/accounts/password-reset.js';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { articleInput, publishedSeries, seedNewsletters, seedNewsroom, subscription, uploadedImage, membershipRow, paymentRow, reader, seedPlans } from '../support/fixtures.js';

const shots = screenshotDir('pages');
const widths = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** One newsroom page: its screenshot name, its address, the words its h1 starts with, and who opens it. */
interface AdminPage {
  name: string;
  path: string;
  heading: string | RegExp;
  signedOut?: boolean;
  /** A page drawn as the answer to a form (the share link shown once): opened from `from` by pressing `button`. */
  via?: { from: string; button: string };
  /** The status it answers with when not 200. */
  status?: number;
}

/** Every page a signed-in admin can open by GET, and the signed-out ones, at desktop and phone widths: laid out within the screen, axe-clean. */
describe('every newsroom page in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let admin: SignedIn;
  let pages: AdminPage[] = [];

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    const { world, authors, topics, printIssue } = await seedNewsroom(services);
    const { daily } = await seedNewsletters(services);
    const published = await publishedSeries(services, 60);
    const draft = await services.articles.create(articleInput({ headline: 'A draft about the harbour strike and what it means for the docks' }));
    const review = await services.articles.create(articleInput({ headline: 'The budget, line by line' }));
    await services.articles.submitForReview(review.id);
    const scheduled = await services.articles.create(articleInput({ headline: 'Election night, as it happens' }));
    await services.articles.schedule(scheduled.id, '2030-07-01T18:00:00.000Z');
    // A published article edited twice, so that its revisions have a diff to show.
    const revised = published.at(-1)!;
    await services.articles.update(revised.id, { standfirst: 'A second version of the standfirst, with more words in it than before.' });
    await services.articles.update(revised.id, { headline: `${revised.headline}, revised` });
    await subscription(services, daily.id, 'reader@readers.test', { confirmedAt: new Date().toISOString() });
    const image = await uploadedImage(services, { alt: 'Cranes over the harbour at dusk', caption: 'The docks at Felixstowe.', credit: 'Test Photo Agency' });
    const app = createAdminTestApp(services);
    admin = await signIn(app, services, 'admin', { authorId: authors[0]!.id });
    const resetToken = await passwordResetStore(services.database.db).issue(admin.user.id);
    await services.draftNotes.add(admin.actor, draft.id, { text: 'Check the strike dates with the union before this goes anywhere.' });
    const about = await services.pages.create(admin.actor, {
      slug: 'about',
      title: 'About the Gazette',
      standfirst: 'Who we are and how we work.',
      body: [{ type: 'paragraph', content: [{ text: 'A small newsroom by the docks.' }] }, services.media.imageBlock(image)],
      status: 'published',
    });

    const plans = await seedPlans(services);
    const member = await reader(services, 'member@readers.test', { name: 'Maya Member' });
    await membershipRow(services, member, { tierId: plans.patron, amount: 1500, currentPeriodEnd: '2030-01-01T00:00:00.000Z', createdAt: new Date(Date.now() - 60 * 86_400_000).toISOString() });
    await paymentRow(services, member, { kind: 'one_off', amount: 2500, refunded: 500, paidAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    await services.memberAdmin.addNote({ ...admin.actor, name: 'Test admin' }, member, 'Asked for a receipt for the gift.');
    await services.memberAdmin.grant({ ...admin.actor, name: 'Test admin' }, member, '');

    // Adding a page to the check is one line here.
    pages = [
      { name: 'dashboard', path: '/admin', heading: 'Dashboard' },
      { name: 'articles', path: '/admin/articles', heading: 'Articles' },
      { name: 'articles-sorted', path: '/admin/articles?sort=headline', heading: 'Articles' },
      { name: 'articles-empty', path: '/admin/articles?q=nothing-matches-this', heading: 'Articles' },
      { name: 'article-new', path: '/admin/articles/new', heading: /article/i },
      { name: 'article-writing', path: `/admin/articles/${draft.id}`, heading: /./ },
      { name: 'article-preview', path: `/admin/articles/${revised.id}/preview`, heading: /./ },
      { name: 'article-notes', path: `/admin/articles/${draft.id}/notes`, heading: /^Notes: A draft about the harbour strike/ },
      { name: 'share-link-created', path: `/admin/articles/${draft.id}/share-links`, heading: 'Share link created', via: { from: `/admin/articles/${draft.id}`, button: 'Create a share link' }, status: 201 },
      { name: 'article-revisions', path: `/admin/articles/${revised.id}/revisions`, heading: /Revisions/i },
      { name: 'media', path: '/admin/media', heading: 'Media' },
      { name: 'media-image', path: `/admin/media/${image.id}`, heading: /./ },
      { name: 'fronts', path: '/admin/fronts', heading: /Front/ },
      { name: 'front-section', path: `/admin/fronts/section/${world.slug}`, heading: /World/ },
      { name: 'sections', path: '/admin/sections', heading: 'Sections' },
      { name: 'section', path: `/admin/sections/${world.id}`, heading: 'Section: World' },
      { name: 'authors', path: '/admin/authors', heading: 'Authors' },
      { name: 'author', path: `/admin/authors/${authors[0]!.id}`, heading: 'Author: Ada Reporter' },
      { name: 'topics', path: '/admin/topics', heading: 'Topics' },
      { name: 'topic', path: `/admin/topics/${topics[0]!.id}`, heading: 'Topic: Russia' },
      { name: 'print-issues', path: '/admin/print-issues', heading: 'Print issues' },
      { name: 'print-issue', path: `/admin/print-issues/${printIssue.id}`, heading: 'Print issue 42' },
      { name: 'partners', path: '/admin/partners', heading: /Partner/ },
      { name: 'pages', path: '/admin/pages', heading: 'Pages' },
      { name: 'page-new', path: '/admin/pages/new', heading: 'New page' },
      { name: 'page-edit', path: `/admin/pages/${about.id}`, heading: 'Edit “About the Gazette”' },
      { name: 'newsletters', path: '/admin/newsletters', heading: 'Newsletters' },
      { name: 'plans', path: '/admin/plans', heading: 'Plans' },
      { name: 'members', path: '/admin/members', heading: 'Members' },
      { name: 'members-filtered', path: '/admin/members?status=member&q=maya', heading: 'Members' },
      { name: 'member', path: `/admin/members/${member}`, heading: 'Maya Member (member@readers.test)' },
      { name: 'members-import', path: '/admin/members/import', heading: 'Import members from Ghost' },
      { name: 'members-revenue', path: '/admin/members/revenue', heading: 'Revenue' },
      { name: 'newsletter', path: `/admin/newsletters/${daily.slug}`, heading: /The Daily Brief/ },
      { name: 'users', path: '/admin/users', heading: 'Users' },
      { name: 'user', path: `/admin/users/${admin.user.id}`, heading: 'User:' },
      { name: 'settings', path: '/admin/settings', heading: 'Site settings' },
      { name: 'account', path: '/admin/account', heading: 'Your account' },
      { name: 'not-found', path: '/admin/articles/999999', heading: 'Not found' },
      { name: 'login', path: '/admin/login', heading: 'Sign in to the newsroom', signedOut: true },
      { name: 'forgot', path: '/admin/forgot', heading: 'Reset your password', signedOut: true },
      { name: 'reset', path: `/admin/reset/${resetToken}`, heading: 'Choose a new password', signedOut: true },
      { name: 'reset-expired', path: '/admin/reset/not-a-real-token', heading: 'Choose a new password', signedOut: true },
    ];
    await site.serve(app.fetch);
  });

  afterAll(() => site.close());

  /** What is wrong with one page as drawn: a wrong heading, a page wider than the screen, or axe's findings. */
  async function problemsOf(page: Page, target: AdminPage, width: number, shot: string): Promise<string[]> {
    const problems: string[] = [];
    let response;
    if (target.via) {
      await page.goto(`${site.url}${target.via.from}`);
      [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === target.path),
        page.getByRole('button', { name: target.via.button }).click(),
      ]);
      await page.waitForLoadState('load');
    } else {
      response = await page.goto(`${site.url}${target.path}`);
    }
    const expectedStatus = target.status ?? (target.name === 'not-found' ? 404 : 200);
    if (response?.status() !== expectedStatus) problems.push(`status ${response?.status()}`);
    const heading = (await page.locator('h1').first().textContent()) ?? '';
    if (typeof target.heading === 'string' ? !heading.includes(target.heading) : !target.heading.test(heading)) problems.push(`h1 "${heading}"`);
    // Nothing pushes the page sideways: a wide table scrolls inside its own frame.
    const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    if (scrollWidth > width) problems.push(`${scrollWidth} px wide`);
    await page.screenshot({ path: shot, fullPage: true });
    try {
      await expectNoAxeViolations(page);
    } catch (error) {
      // The rule ids and targets, from the failed comparison's diff.
      const found = (error as Error).message.split('\n').filter((line) => /^\s*\+\s+"/.test(line));
      problems.push(`axe: ${found.map((line) => line.trim().slice(1).trim()).join(' ')}`);
    }
    return problems;
  }

  for (const size of widths) {
    it(`shows every page at ${size.width} px within the screen, axe-clean`, async () => {
      const viewport = { width: size.width, height: size.height };
      const signedIn = await signedInPage(site.browser, site.url, admin, { viewport });
      const signedOut = await newTestPage(site.browser, { viewport });
      const problems: Record<string, string[]> = {};
      for (const target of pages) {
        const found = await problemsOf(target.signedOut ? signedOut : signedIn, target, size.width, `${shots}/${target.name}-${size.name}.png`);
        if (found.length > 0) problems[target.path] = found;
      }
      // Every page is checked before failing, so one run names every page to fix.
      expect(problems).toEqual({});
      await signedIn.context().close();
      await signedOut.context().close();
      // Thirty-odd pages drawn, photographed and run through axe: the limit is on a hang, not on speed.
    }, 300_000);
  }

  it('fits an admin’s whole sidebar on a 1366 × 768 laptop screen, and reaches the account by the name', async () => {
    const page = await signedInPage(site.browser, site.url, admin, { viewport: { width: 1366, height: 768 } });
    await page.goto(`${site.url}/admin`);
    const sidebar = page.locator('.nr-sidebar');
    expect(await sidebar.evaluate((s) => s.scrollHeight - s.clientHeight)).toBe(0);
    for (const name of ['Dashboard', 'Webhooks', 'Sign out']) {
      const box = (await sidebar.getByRole(name === 'Sign out' ? 'button' : 'link', { name, exact: true }).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    await sidebar.getByRole('link', { name: `Your account: ${admin.user.name}` }).click();
    await page.waitForURL(/\/admin\/account$/);
    expect(await page.locator('h1').textContent()).toBe('Your account');
    expect(await sidebar.getByRole('link', { name: /^Your account/ }).getAttribute('aria-current')).toBe('page');
  });

  it('pages through the list with its links and keeps the filters', async () => {
    const page = await signedInPage(site.browser, site.url, admin, { viewport: { width: 1366, height: 768 } });
    await page.goto(`${site.url}/admin/articles?status=published&sort=headline`);
    expect(await page.locator('.pager-place').textContent()).toBe('Page 1 of 2');
    await page.getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/after=/);
    expect(await page.locator('.pager-place').textContent()).toBe('Page 2 of 2');
    expect(await page.locator('tbody tr').count()).toBe(10);
    expect(page.url()).toContain('status=published');
    await page.getByRole('link', { name: /^Updated/ }).click();
    await page.waitForURL(/sort=updated/);
    expect(await page.locator('th[aria-sort]').textContent()).toContain('Updated');
  });

  it('on a phone, a refused save shows its error on the field, axe-clean, and a merge asks before it happens', async () => {
    const page = await signedInPage(site.browser, site.url, admin, { viewport: { width: 390, height: 844 } });
    await page.goto(`${site.url}/admin/sections`);
    await page.getByRole('link', { name: 'Add a section' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Another world');
    await page.getByLabel('Slug').fill('world');
    await page.getByRole('button', { name: 'Add section' }).click();
    const slug = page.getByLabel('Slug');
    expect(await slug.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#section-slug-error').textContent()).toContain('The section slug "world" is already taken');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Another world');
    await page.screenshot({ path: `${shots}/sections-refused-phone.png`, fullPage: true });
    await expectNoAxeViolations(page);

    await page.goto(`${site.url}/admin/topics`);
    const merge = page.getByRole('button', { name: 'Merge topics' });
    expect(await merge.isVisible()).toBe(false);
    await page.getByText('Merge topics…').click();
    expect(await merge.isVisible()).toBe(true);
    await page.screenshot({ path: `${shots}/topics-merge-open-phone.png`, fullPage: true });
    await page.context().close();
  });
});
