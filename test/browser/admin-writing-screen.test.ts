import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b } from '../../src/content/blocks.js';
import type { MediaItem } from '../../src/media/media-service.js';
import type { Services } from '../../src/services.js';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { seedNewsroom, uploadedImage } from '../support/fixtures.js';

const repoRoot = new URL('../../', import.meta.url);
const shots = screenshotDir('writing');
const desktop = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };

describe('the writing screen in Chromium', () => {
  let db: TestDatabase;
  let services: Services;
  const site = browserSite();
  let editor: SignedIn;
  let cranes: MediaItem;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-admin.mjs'], { cwd: repoRoot });
    db = site.own(await createSqliteDatabase());
    services = db.services;
    await seedNewsroom(services);
    await services.taxonomy.upsertAuthor({ slug: 'cleo-desk', name: 'Cleo Desk', bio: 'Night editor.' });
    editor = await signIn(createAdminTestApp(services), services, 'editor');
    await uploadedImage(services, { alt: 'Pickets at the gate', caption: '', credit: 'Photo: Line' }, { width: 900, height: 600, colour: '#8c2f2f' });
    cranes = await uploadedImage(services, { alt: 'Cranes idle on the quay', caption: 'The quay on Monday', credit: 'Photo: Desk' }, { width: 1200, height: 600, colour: '#375a5a' });
    await site.start(services);
  });

  afterAll(() => site.close());

  let drafts = 0;
  /** The writing screen of a new draft by Ada Reporter about Russia, with script errors and CSP refusals collected. */
  async function openDraft(viewport: { width: number; height: number }, options: { enforceCsp?: boolean } = {}) {
    drafts++;
    const draft = await services.editorial.create(editor.actor, {
      headline: `Harbour strike, day ${drafts}`,
      section: 'world',
      authors: ['ada-reporter'],
      topics: ['russia'],
      body: [b.p('Cranes stood idle on Monday.')],
    });
    // axe is injected as an inline script, so only the pages that run it bypass the CSP.
    const page = await signedInPage(site.browser, site.url, editor, { viewport, bypassCSP: !options.enforceCsp });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A CSP refusal is logged as a console error; a missing file is named by its response.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    // Chromium asks for /favicon.ico on its own, sometimes; the page never links one.
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${site.url}/admin/articles/${draft.id}`);
    await page.locator('.ProseMirror').waitFor();
    await page.getByRole('combobox', { name: 'Authors' }).waitFor();
    return { page, errors, id: draft.id };
  }

  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id);
  const chipNames = (page: Page, list: string) => page.getByRole('list', { name: list }).locator('.picker-chip-name').allTextContents();
  const liveText = (page: Page, kind: string) => page.locator(`[data-picker="${kind}"] [role="status"]`).textContent();
  const save = (page: Page) => Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save', exact: true }).click()]);

  /** The byline as stored: article_authors in position order. */
  const storedByline = async (id: number) =>
    (
      await services.database.db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .select('authors.slug')
        .where('article_authors.article_id', '=', id)
        .orderBy('article_authors.position')
        .execute()
    ).map((row) => row.slug);

  it('puts the publish panel above the fold beside a wide headline, and builds the byline and topics from the keyboard', async () => {
    const { page, errors, id } = await openDraft(desktop);

    const panel = await page.locator('.writing-publish').boundingBox();
    expect(panel!.y).toBeGreaterThanOrEqual(0);
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(desktop.width);
    expect(panel!.y + panel!.height).toBeLessThanOrEqual(desktop.height);
    expect((await page.locator('#f-headline').boundingBox())!.width).toBeGreaterThanOrEqual(600);
    await page.screenshot({ path: `${shots}/writing-1366-fold.png` });

    // Add Ben Writer: type, arrow down to the match, Enter. Enter never saves the article.
    const authors = page.getByRole('combobox', { name: 'Authors' });
    await authors.focus();
    await page.keyboard.type('writ');
    const ben = page.getByRole('option', { name: 'Ben Writer' });
    await ben.waitFor();
    expect(await authors.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await authors.getAttribute('aria-activedescendant')).toBe(await ben.getAttribute('id'));
    expect(await ben.getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: `${shots}/picker-open-1366.png` });
    await page.keyboard.press('Enter');
    await expect.poll(() => chipNames(page, 'Byline, in order')).toEqual(['Ada Reporter', 'Ben Writer']);
    expect(await authors.getAttribute('aria-expanded')).toBe('false');
    expect(await liveText(page, 'authors')).toBe('Ben Writer added. 2 authors.');

    // Move Ben to the front: Shift+Tab reaches his buttons (Remove, then Move up), Enter presses.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Remove Ben Writer');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Move Ben Writer up');
    await page.keyboard.press('Enter');
    await expect.poll(() => chipNames(page, 'Byline, in order')).toEqual(['Ben Writer', 'Ada Reporter']);
    // At the top "up" is disabled, so the focus stays on his chip with the other direction.
    expect(await focused(page)).toBe('Move Ben Writer down');
    expect(await liveText(page, 'authors')).toBe('Ben Writer moved to position 1 of 2.');

    // Add Cleo Desk, then remove Ada Reporter, all from the keyboard.
    await authors.focus();
    await page.keyboard.type('cleo');
    await page.getByRole('option', { name: 'Cleo Desk' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => chipNames(page, 'Byline, in order')).toEqual(['Ben Writer', 'Ada Reporter', 'Cleo Desk']);
    await page.keyboard.press('Shift+Tab'); // Remove Cleo Desk
    await page.keyboard.press('Shift+Tab'); // Move Cleo Desk up (her "down" is disabled)
    await page.keyboard.press('Shift+Tab'); // Remove Ada Reporter
    expect(await focused(page)).toBe('Remove Ada Reporter');
    await page.keyboard.press('Enter');
    await expect.poll(() => chipNames(page, 'Byline, in order')).toEqual(['Ben Writer', 'Cleo Desk']);
    expect(await focused(page)).toBe('Remove Cleo Desk');
    expect(await liveText(page, 'authors')).toBe('Ada Reporter removed. 2 authors.');

    // A guest byline from the author picker: the name typed, a bio, no account.
    await authors.focus();
    await page.keyboard.type('Mara Guest');
    const addGuest = page.getByRole('option', { name: 'Add “Mara Guest” as a guest author…' });
    await addGuest.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const guest = page.getByRole('group', { name: 'A guest author: a byline without an account' });
    expect(await guest.getByLabel('Name').inputValue()).toBe('Mara Guest');
    await guest.getByLabel('Bio (optional)').fill('A dock worker writing for us once.');
    await guest.getByRole('button', { name: 'Add guest author' }).click();
    await expect.poll(() => chipNames(page, 'Byline, in order')).toEqual(['Ben Writer', 'Cleo Desk', 'Mara Guest']);
    expect(await guest.isHidden()).toBe(true);

    // Escape closes the topic list; then the editor creates a topic that does not exist yet.
    const topics = page.getByRole('combobox', { name: 'Topics' });
    await topics.focus();
    await page.keyboard.type('elec');
    await page.getByRole('option', { name: 'Elections' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await topics.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('listbox', { name: 'Matching topics' }).isHidden()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await topics.inputValue()).toBe('');
    await page.keyboard.type('Harbours');
    await page.getByRole('option', { name: 'Create topic “Harbours”' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => chipNames(page, 'Chosen topics')).toEqual(['Russia', 'Harbours']);
    expect(await liveText(page, 'topics')).toBe('Harbours created and added. 2 topics.');
    expect(await services.taxonomy.findTopic('harbours')).toMatchObject({ name: 'Harbours' });

    await page.screenshot({ path: `${shots}/writing-1366.png`, fullPage: true });
    await expectNoAxeViolations(page);

    // The plain form posts the slugs in order: the stored byline is the one on screen.
    await save(page);
    expect(await storedByline(id)).toEqual(['ben-writer', 'cleo-desk', 'mara-guest']);
    expect((await services.articles.get(id))!.topics.map((t) => t.slug)).toEqual(['russia', 'harbours']);
    expect(await services.taxonomy.findAuthor('mara-guest')).toMatchObject({ name: 'Mara Guest', bio: 'A dock worker writing for us once.' });
    // After the save the chips come back from the server, names and all.
    expect(await chipNames(page, 'Byline, in order')).toEqual(['Ben Writer', 'Cleo Desk', 'Mara Guest']);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('redraws the share card as the editor types, takes the lead image from the library and its focal point from a click, under the real CSP', async () => {
    const { page, errors, id } = await openDraft(desktop, { enforceCsp: true });
    const card = page.locator('#share-preview');

    await page.locator('#f-headline').fill('Dockers vote to end the strike');
    await expect.poll(() => card.locator('#share-preview-title').textContent()).toBe('Dockers vote to end the strike');
    await page.locator('#f-standfirst').fill('A narrow vote after nine days.');
    await expect.poll(() => card.locator('#share-preview-description').textContent()).toBe('A narrow vote after nine days.');
    await page.locator('#f-seoTitle').fill('Strike over: dockers vote to return');
    await expect.poll(() => card.locator('#share-preview-title').textContent()).toBe('Strike over: dockers vote to return');
    expect(await card.locator('#share-preview-image').textContent()).toBe('No lead image');

    // The library's picker fills the lead image and its words; choosing again replaces the
    // previous image's words, but never what the editor wrote.
    const choose = async (alt: string) => {
      await page.getByRole('button', { name: 'Choose from library' }).click();
      const picker = page.getByRole('dialog', { name: 'Choose the lead image' });
      await picker.getByRole('button', { name: alt }).click();
      await expect.poll(() => picker.count()).toBe(0);
    };
    await choose('Pickets at the gate');
    await expect.poll(() => page.locator('#f-imageAlt').inputValue()).toBe('Pickets at the gate');
    expect(await page.locator('#f-imageCredit').inputValue()).toBe('Photo: Line');
    await page.locator('#f-imageCredit').fill('Photo: Our desk');
    await choose('Cranes idle on the quay');
    // The picker closes first; the choice lands in the fields a moment later.
    await expect.poll(() => page.locator('#f-imageMediaId').inputValue()).toBe(String(cranes.id));
    expect(await page.locator('#f-imageAlt').inputValue()).toBe('Cranes idle on the quay');
    expect(await page.locator('#f-imageCaption').inputValue()).toBe('The quay on Monday');
    expect(await page.locator('#f-imageCredit').inputValue()).toBe('Photo: Our desk');
    const thumb = page.locator('#lead-image-thumb');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => card.locator('img#share-preview-image').getAttribute('src')).toMatch(/^\/media\//);

    // A click on the image sets the focal point's numbers and moves the marker there.
    const box = (await thumb.boundingBox())!;
    await thumb.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
    const x = Number(await page.locator('#f-imageFocalX').inputValue());
    const y = Number(await page.locator('#f-imageFocalY').inputValue());
    expect(Math.abs(x - 25)).toBeLessThanOrEqual(1);
    expect(Math.abs(y - 75)).toBeLessThanOrEqual(1);
    const marker = await page.locator('.lead-image-marker').boundingBox();
    expect(Math.abs(marker!.x + marker!.width / 2 - (box.x + (box.width * x) / 100))).toBeLessThanOrEqual(2);
    expect(Math.abs(marker!.y + marker!.height / 2 - (box.y + (box.height * y) / 100))).toBeLessThanOrEqual(2);
    // Typing a number moves it too (the way without a mouse).
    await page.locator('#f-imageFocalX').fill('60');
    await expect.poll(async () => (await page.locator('.lead-image-marker').boundingBox())!.x + marker!.width / 2).toBeCloseTo(box.x + box.width * 0.6, 0);
    await page.locator('#lead-image-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/lead-image-1366.png` });
    await card.screenshot({ path: `${shots}/share-card-1366.png` });

    await save(page);
    const stored = (await services.articles.get(id))!;
    expect(stored.leadImage).toMatchObject({ mediaId: cranes.id, alt: 'Cranes idle on the quay', caption: 'The quay on Monday', credit: 'Photo: Our desk', focalX: 60, focalY: y });
    expect(stored.seoTitle).toBe('Strike over: dockers vote to return');
    // Nothing was refused by the CSP (it would log an error) and no script failed.
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('fits a phone: no sideways scrolling, pickers usable, axe clean', async () => {
    const { page, errors } = await openDraft(phone);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await page.getByRole('combobox', { name: 'Authors' }).focus();
    await page.keyboard.type('ben');
    await page.getByRole('option', { name: 'Ben Writer' }).waitFor();
    const list = (await page.getByRole('listbox', { name: 'Matching authors' }).boundingBox())!;
    expect(list.x).toBeGreaterThanOrEqual(0);
    expect(list.x + list.width).toBeLessThanOrEqual(phone.width);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => chipNames(page, 'Byline, in order')).toEqual(['Ada Reporter', 'Ben Writer']);
    await page.screenshot({ path: `${shots}/writing-390.png`, fullPage: true });
    await page.getByRole('combobox', { name: 'Authors' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/pickers-390.png` });
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
