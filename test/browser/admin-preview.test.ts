import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b } from '../../src/content/blocks.js';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';

const shots = screenshotDir('preview');
const widths = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('preview, share link and revisions in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let editor: SignedIn;
  let draftId: number;
  let liveId: number;
  let liveVersion: number;
  let shareToken: string;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    await seedNewsletters(services);
    await publishedArticle(services, { headline: 'Paid-for travel piece', sponsor: 'Acme Rail', topics: [] });
    await publishedArticle(services, { headline: 'Earlier story on Russia', topics: ['russia'] });
    const app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
    const draft = await services.articles.create({
      headline: 'Ministers meet in Geneva as talks resume after a long winter',
      standfirst: 'Delegations arrive with low expectations.',
      section: 'world',
      authors: ['ada-reporter'],
      topics: ['russia'],
      partnerSlotAfter: 1,
      body: [b.p('Delegations arrived on Monday for the first round of talks since the autumn.'), b.p('Officials said little before the meeting.')],
    });
    draftId = draft.id;
    await services.draftNotes.add(editor.actor, draftId, { text: 'Please check the date of the last round with the foreign desk.' });
    shareToken = (await services.sharePreviews.create(editor.actor, draftId)).token;
    const long = 'The finance minister, Jane Doe, resigned on Tuesday after a week in which the budget, the coalition and a long-running dispute over the harbour contract all came to a head at once';
    const live = await publishedArticle(services, { headline: 'Minister resigns', body: [b.p(long), b.p('Unchanged paragraph.')] });
    await services.articles.update(live.id, { body: [b.p(long.replace('Jane Doe', 'Jane Roe').replace('Tuesday', 'Monday')), b.p('Unchanged paragraph.'), b.p('A new closing line.')] });
    liveId = live.id;
    liveVersion = live.version;
    await site.start(services);
  });

  afterAll(() => site.close());

  for (const size of widths) {
    it(`shows the staff preview with banner and notes, axe-clean, at ${size.width} px`, async () => {
      const page = await signedInPage(site.browser, site.url, editor, { viewport: size });
      await page.goto(`${site.url}/admin/articles/${draftId}/preview`);
      await expect.poll(() => page.locator('.preview-banner').isVisible()).toBe(true);
      expect(await page.locator('.preview-banner').innerText()).toContain('Preview: not published');
      expect(await page.locator('.preview-note-text').innerText()).toContain('check the date');
      expect(await page.locator('.partner-slot').count()).toBe(1);
      expect(await page.locator('.signup-box').count()).toBe(1);
      expect(await page.locator('.related').count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `${shots}/preview-${size.name}.png`, fullPage: true });
      await expectNoAxeViolations(page);
      await page.context().close();
    });

    it(`shows the share-preview page to someone without an account, no notes, at ${size.width} px`, async () => {
      const page = await newTestPage(site.browser, { viewport: size });
      await page.goto(`${site.url}/preview/${shareToken}`);
      expect(await page.locator('h1').innerText()).toContain('Ministers meet in Geneva');
      expect(await page.locator('.preview-notes').count()).toBe(0);
      await page.screenshot({ path: `${shots}/share-${size.name}.png`, fullPage: true });
      await expectNoAxeViolations(page);
      await page.context().close();
    });

    it(`shows revisions with a word diff that wraps, axe-clean, at ${size.width} px`, async () => {
      const page = await signedInPage(site.browser, site.url, editor, { viewport: size });
      await page.goto(`${site.url}/admin/articles/${liveId}/revisions?from=${liveVersion}&to=${liveVersion + 1}`);
      expect(await page.locator('.preview-rev-diff del').allInnerTexts()).toEqual(['Doe', 'Tuesday']);
      expect(await page.locator('.preview-rev-diff ins').allInnerTexts()).toEqual(['Roe', 'Monday', expect.stringContaining('A new closing line.')]);
      // Not colour alone: struck through and underlined.
      expect(await page.locator('.preview-rev-diff del').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
      expect(await page.locator('.preview-rev-diff ins').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('underline');
      const diffBox = await page.locator('.preview-rev-diff').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(diffBox.scroll).toBeLessThanOrEqual(diffBox.client);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `${shots}/revisions-${size.name}.png`, fullPage: true });
      await expectNoAxeViolations(page);
      await page.context().close();
    });
  }

  // Last, as it deletes the note, revokes the link and unpublishes the article the tests above show.
  it('asks before deleting a note, revoking a share link or unpublishing, and does each once confirmed', async () => {
    const page = await signedInPage(site.browser, site.url, editor, { viewport: widths[0] });
    const open = async (summary: ReturnType<typeof page.locator>) => {
      await summary.click();
      // One click only opens the question; nothing has been sent.
      await expect.poll(() => summary.locator('xpath=..').getAttribute('open')).toBe('');
    };

    // In the reader-layout preview (no newsroom.css) the question opens in the banner, styled and axe-clean.
    await page.goto(`${site.url}/admin/articles/${draftId}/preview`);
    // The notes stand open while one is unresolved.
    expect(await page.locator('.preview-banner-notes').getAttribute('open')).toBe('');
    await open(page.locator('.preview-banner .preview-note summary', { hasText: 'Delete' }));
    expect(await page.locator('.preview-banner .confirm-panel').evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
    await page.locator('.preview-banner').screenshot({ path: `${shots}/preview-note-delete-asks.png` });
    await expectNoAxeViolations(page);

    await page.goto(`${site.url}/admin/articles/${draftId}/notes`);
    await open(page.locator('.preview-note summary', { hasText: 'Delete' }));
    expect(await page.locator('.preview-note-text').count()).toBe(1);
    expect(await page.locator('.preview-note .confirm-panel').innerText()).toContain('Delete this note for everyone?');
    await page.locator('.preview-note .confirm-panel button').click();
    await page.waitForURL((url) => url.searchParams.get('done') === 'deleted');
    expect(await page.locator('.preview-note-text').count()).toBe(0);

    await page.goto(`${site.url}/admin/articles/${draftId}`);
    const link = page.locator('.preview-link').first();
    await open(link.locator('summary'));
    expect(await fetch(`${site.url}/preview/${shareToken}`).then((r) => r.status)).toBe(200);
    await link.locator('.confirm-panel button', { hasText: 'Revoke' }).click();
    await page.waitForURL((url) => url.searchParams.has('done'));
    expect(await fetch(`${site.url}/preview/${shareToken}`).then((r) => r.status)).toBe(410);

    await page.goto(`${site.url}/admin/articles/${liveId}`);
    await page.fill('#f-headline', 'Minister resigns, and the coalition wobbles');
    await open(page.locator('.writing-publish summary', { hasText: 'Unpublish' }));
    expect(await page.locator('.writing-status').innerText()).toContain('Published');
    await page.locator('.writing-publish').screenshot({ path: `${shots}/unpublish-asks.png` });
    await page.locator('.writing-publish .confirm-panel button', { hasText: 'Unpublish' }).click();
    await page.waitForURL((url) => url.searchParams.has('done'));
    expect(await page.locator('.writing-status').innerText()).toContain('Unpublished');
    // Like every move, it saved what was typed first.
    expect(await page.locator('#f-headline').inputValue()).toBe('Minister resigns, and the coalition wobbles');
    await page.context().close();
  });
});
