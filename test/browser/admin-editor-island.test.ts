import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../../src/content/blocks.js';
import { b } from '../../src/content/blocks.js';
import { mediaService } from '../../src/media/media-service.js';
import type { Services } from '../../src/services.js';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, nextFrame, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { longReadBody, seedNewsroom } from '../support/fixtures.js';

const repoRoot = new URL('../../', import.meta.url);
const shots = screenshotDir('editor');

describe('the body editor island in Chromium', () => {
  let db: TestDatabase;
  let services: Services;
  const site = browserSite();
  let editor: SignedIn;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-admin.mjs'], { cwd: repoRoot });
    db = site.own(await createSqliteDatabase());
    services = { ...db.services, media: mediaService(db.database.db, { storage: db.services.media.storage }) };
    await seedNewsroom(services);
    editor = await signIn(createAdminTestApp(services), services, 'editor');
    await site.start(services);
  });

  afterAll(() => site.close());

  let drafts = 0;
  /** The writing screen of a new draft with `body`, signed in as the editor; page errors are collected. */
  async function openDraft(body: Block[], width = 1366) {
    drafts++;
    const draft = await services.editorial.create(editor.actor, { headline: `Harbour strike, day ${drafts}`, section: 'world', authors: ['ada-reporter'], body });
    const page = await signedInPage(site.browser, site.url, editor, { viewport: { width, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/admin/articles/${draft.id}`);
    await page.locator('.ProseMirror').waitFor();
    return { page, errors, id: draft.id };
  }

  const bodyOf = async (id: number) => (await services.articles.get(id))!.body;
  /** The editor reads a selection made with the keyboard on the browser's selectionchange event, which comes a task later. */
  const editorFocused = (page: Page) => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'));
  const toolbarButton = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Body formatting' }).getByRole('button', { name, exact: true });

  it('formats with the toolbar, links with Ctrl+K (refusing a bad address), adds a pull quote, a divider and an image with its caption, and saves with Ctrl+S', async () => {
    const { page, errors, id } = await openDraft([b.p('Cranes stood idle on Monday.')]);
    await expect.poll(() => page.locator('#word-count').textContent()).toBe('5 words · 1 min read');

    // Bold the first word.
    await page.locator('.ProseMirror > p').first().click();
    await expect.poll(() => editorFocused(page)).toBe(true);
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+Shift+ArrowRight');
    await nextFrame(page);
    await toolbarButton(page, 'Bold').click();
    await expect.poll(() => toolbarButton(page, 'Bold').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.ProseMirror strong').textContent()).toBe('Cranes');

    // Link the word "Monday": a javascript: address is refused in the dialog, a real one applied.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await nextFrame(page);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Add a link' });
    await dialog.getByLabel('Link address').fill('javascript:alert(1)');
    await dialog.getByRole('button', { name: 'Apply link' }).click();
    await expect.poll(() => dialog.locator('.ed-dialog-error').textContent()).toContain('must be a web address (https://…) or a path on this site');
    expect(await dialog.getByLabel('Link address').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Link address').fill('https://harbour.example/strike');
    await dialog.getByRole('button', { name: 'Apply link' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.locator('.ProseMirror a').getAttribute('href')).toBe('https://harbour.example/strike');
    expect(await page.locator('.ProseMirror a').textContent()).toBe('Monday');
    // The caret waits after the link; one step back puts it inside, and the Link button shows it.
    await expect.poll(() => editorFocused(page)).toBe(true);
    await nextFrame(page);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => toolbarButton(page, 'Link').getAttribute('aria-pressed')).toBe('true');

    // A pull quote after the paragraph, written in its own fields.
    await expect.poll(() => editorFocused(page)).toBe(true);
    await page.keyboard.press('End');
    await toolbarButton(page, 'Pull quote').click();
    const quote = page.locator('.ProseMirror .ed-pullquote');
    await quote.getByLabel('Pull quote text').fill('We are not going back for less');
    await quote.getByLabel('Attribution').fill('A crane driver');

    // A divider after it, from the keyboard: the toolbar is one Tab stop that the arrow keys move along.
    await page.locator('.ProseMirror > p').first().click();
    await page.keyboard.press('End');
    await toolbarButton(page, 'Divider').click();
    await expect.poll(() => page.locator('.ProseMirror hr').count()).toBe(1);

    // An image uploaded from the page's form shows as an image, its caption written in place.
    const photo = await sharp({ create: { width: 1200, height: 700, channels: 3, background: '#468' } }).jpeg().toBuffer();
    const upload = page.locator('#body-image-form');
    await upload.locator('input[type="file"]').setInputFiles({ name: 'docks.jpg', mimeType: 'image/jpeg', buffer: photo });
    await upload.locator('input[name="alt"]').fill('Idle cranes at the docks');
    await upload.locator('button[type="submit"]').click();
    const figure = page.locator('.ProseMirror figure.ed-image');
    await figure.waitFor();
    const img = figure.locator('img');
    expect(await img.getAttribute('alt')).toBe('Idle cranes at the docks');
    expect(await img.getAttribute('srcset')).toMatch(/320\.webp 320w/);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    // Alt text is required: emptied, the field says so (and the browser will not submit the form).
    const alt = figure.getByLabel('Alt text');
    await alt.fill('');
    expect(await alt.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#article-form').evaluate((form: HTMLFormElement) => form.checkValidity())).toBe(false);
    await alt.fill('Idle cranes at the docks');
    expect(await alt.getAttribute('aria-invalid')).toBeNull();
    await figure.getByLabel('Caption').fill('The quay on Tuesday morning');
    await figure.getByLabel('Credit').fill('Photo: Desk');
    await figure.getByLabel('Credit').press('Enter'); // stays on the page: Enter in a field under an image does not submit the form
    expect(await figure.getByLabel('Credit').evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.locator('.ProseMirror').textContent()).not.toContain('Image:');

    await page.screenshot({ path: `${shots}/editor-1366.png`, fullPage: true });
    await expectNoAxeViolations(page);

    // Ctrl+S posts the form, as the Save button does.
    await page.locator('.ProseMirror > p').first().click();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Control+s')]);
    await page.locator('.ProseMirror .ed-image img').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/editor-saved-1366.png` });
    const body = await bodyOf(id);
    expect(body[0]).toEqual({
      type: 'paragraph',
      content: [{ text: 'Cranes', bold: true }, { text: ' stood idle on ' }, { text: 'Monday', href: 'https://harbour.example/strike' }, { text: '.' }],
    });
    expect(body).toContainEqual({ type: 'pullquote', text: 'We are not going back for less', attribution: 'A crane driver' });
    expect(body).toContainEqual({ type: 'divider' });
    expect(body.find((block) => block.type === 'image')).toMatchObject({ alt: 'Idle cranes at the docks', caption: 'The quay on Tuesday morning', credit: 'Photo: Desk' });

    // Readers see what the editor made.
    await services.editorial.publish(editor.actor, id);
    const article = await services.articles.get(id);
    const reader = await (await fetch(`${site.url}${article!.path}`)).text();
    expect(reader).toContain('<a href="https://harbour.example/strike">Monday</a>');
    expect(reader).toContain('<hr/>');
    expect(reader).toMatch(/<figure class="pullquote"[^>]*><blockquote><p>We are not going back for less<\/p><\/blockquote><figcaption>A crane driver<\/figcaption>/);
    expect(reader).toMatch(/<figcaption>The quay on Tuesday morning<span class="credit"> Photo: Desk<\/span><\/figcaption>/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('makes italics, a heading, a subheading, a quote and both kinds of list from the toolbar, saved as the blocks readers get', async () => {
    const { page, errors, id } = await openDraft([
      b.p('The strike began at dawn.'),
      b.p('What the union wants'),
      b.p('Pay and hours'),
      b.p('We will stay out as long as it takes.'),
      b.p('Cranes idle'),
      b.p('Talks on Friday'),
    ]);
    const paragraph = (text: string) => page.locator('.ProseMirror > p', { hasText: text });
    /** Puts the caret in the paragraph reading `text`, presses the toolbar button `name` and waits for it to show pressed. */
    const format = async (text: string, name: string) => {
      await paragraph(text).click();
      await nextFrame(page);
      await toolbarButton(page, name).click();
      await expect.poll(() => toolbarButton(page, name).getAttribute('aria-pressed')).toBe('true');
    };

    // Italic on one word: "dawn".
    await paragraph('The strike began').click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await nextFrame(page);
    await toolbarButton(page, 'Italic').click();
    await expect.poll(() => toolbarButton(page, 'Italic').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.ProseMirror em').textContent()).toBe('dawn');

    await format('What the union wants', 'Heading');
    await format('Pay and hours', 'Subheading');
    await format('We will stay out', 'Quote');
    await format('Cranes idle', 'Bulleted list');
    await format('Talks on Friday', 'Numbered list');
    expect(await page.locator('.ProseMirror h2').textContent()).toBe('What the union wants');
    expect(await page.locator('.ProseMirror h3').textContent()).toBe('Pay and hours');

    await page.locator('.ProseMirror ol li').click();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Control+s')]);
    expect(await bodyOf(id)).toEqual([
      { type: 'paragraph', content: [{ text: 'The strike began at ' }, { text: 'dawn', italic: true }, { text: '.' }] },
      { type: 'heading', level: 2, text: 'What the union wants' },
      { type: 'heading', level: 3, text: 'Pay and hours' },
      { type: 'quote', content: [{ text: 'We will stay out as long as it takes.' }] },
      { type: 'list', ordered: false, items: [[{ text: 'Cranes idle' }]] },
      { type: 'list', ordered: true, items: [[{ text: 'Talks on Friday' }]] },
    ]);

    // Readers get the same structure.
    await services.editorial.publish(editor.actor, id);
    const reader = await (await fetch(`${site.url}${(await services.articles.get(id))!.path}`)).text();
    expect(reader).toContain('<em>dawn</em>');
    expect(reader).toMatch(/<h2[^>]*>What the union wants<\/h2>/);
    expect(reader).toMatch(/<h3[^>]*>Pay and hours<\/h3>/);
    expect(reader).toMatch(/<blockquote[^>]*>\s*<p>We will stay out as long as it takes\.<\/p>/);
    expect(reader).toMatch(/<ul[^>]*><li>Cranes idle<\/li><\/ul>/);
    expect(reader).toMatch(/<ol[^>]*><li>Talks on Friday<\/li><\/ol>/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('moves along the toolbar with the arrow keys, inserts an embed after checking its address, and an image from the media picker', async () => {
    const { page, errors, id } = await openDraft([b.p('See the video.')]);
    await page.locator('.ProseMirror > p').click();
    // A path on this site is a good link address; the dialog opened on a link edits or removes it.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await nextFrame(page);
    await toolbarButton(page, 'Link').click();
    await page.getByRole('dialog', { name: 'Add a link' }).getByLabel('Link address').fill('/world/2026/12/night-shift');
    await page.getByRole('dialog', { name: 'Add a link' }).getByRole('button', { name: 'Apply link' }).click();
    await expect.poll(() => page.locator('.ProseMirror a').getAttribute('href')).toBe('/world/2026/12/night-shift');
    await nextFrame(page);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => toolbarButton(page, 'Link').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+k');
    const edit = page.getByRole('dialog', { name: 'Edit link' });
    expect(await edit.getByLabel('Link address').inputValue()).toBe('/world/2026/12/night-shift');
    await edit.getByRole('button', { name: 'Remove link' }).click();
    await expect.poll(() => page.locator('.ProseMirror a').count()).toBe(0);
    expect(await page.locator('.ProseMirror > p').first().textContent()).toBe('See the video.');

    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.command)).toBe('Bold');
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.command)).toBe('Divider');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.command)).toBe('Embed');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Embed from another site' });
    await dialog.getByLabel('Address of the page to embed').fill('/world/not-another-site');
    await dialog.getByLabel('Title readers see').fill('Night shift at the docks');
    await dialog.getByRole('button', { name: 'Insert embed' }).click();
    await expect.poll(() => dialog.locator('.ed-dialog-error').first().textContent()).toContain('must be a web address starting with https://');
    await dialog.getByLabel('Address of the page to embed').fill('https://video.example/night-shift');
    await dialog.getByRole('button', { name: 'Insert embed' }).click();
    await expect.poll(() => page.locator('.ProseMirror .ed-embed .ed-embed-url').textContent()).toBe('https://video.example/night-shift');
    await expect
      .poll(async () => (await bodyOf(id)).at(-1), { timeout: 10_000 })
      .toEqual({ type: 'embed', url: 'https://video.example/night-shift', title: 'Night shift at the docks' });

    // The Image button opens the media library's picker; the chosen image lands after the paragraph, its alt text ready to check.
    const photo = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#864' } }).jpeg().toBuffer();
    await services.media.upload({ bytes: photo, name: 'night.jpg' }, { alt: 'Floodlights over the night shift' }, editor.user.id);
    await page.locator('.ProseMirror > p').first().click();
    await toolbarButton(page, 'Image').click();
    const picker = page.getByRole('dialog', { name: 'Add an image to the body' });
    await picker.getByRole('button', { name: 'Floodlights over the night shift' }).click();
    const figure = page.locator('.ProseMirror figure.ed-image');
    await expect.poll(() => figure.locator('img').getAttribute('alt')).toBe('Floodlights over the night shift');
    await expect.poll(() => figure.locator('img').evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Floodlights over the night shift');
    await expect
      .poll(async () => (await bodyOf(id)).map((block) => block.type), { timeout: 10_000 })
      .toEqual(['paragraph', 'image', 'embed']);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('still autosaves with the version it loaded, and on a conflict keeps the typing and says so', async () => {
    const { page, errors, id } = await openDraft([b.p('First line.')]);
    await services.editorial.save(editor.actor, id, { headline: 'Saved by a colleague' }, 1);
    await page.locator('.ProseMirror > p').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' My words that must not be lost.');
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 10_000 }).toContain('someone else saved version 2');
    expect(await page.locator('.ProseMirror').textContent()).toContain('My words that must not be lost.');
    expect(await services.articles.get(id)).toMatchObject({ headline: 'Saved by a colleague', body: [b.p('First line.')], version: 2 });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('keeps the toolbar in view down a long read, shows its word count, and passes axe on a phone', async () => {
    const image = b.image('/static/none.webp', 'A quay');
    for (const width of [1366, 390]) {
      const { page, errors } = await openDraft(longReadBody(5000, image), width);
      await expect.poll(() => page.locator('#word-count').textContent()).toMatch(/^5,0\d\d words · 22 min read$/);
      await page.locator('.ProseMirror > p').last().scrollIntoViewIfNeeded();
      const bar = await page.locator('#editor-toolbar').boundingBox();
      expect(bar!.y).toBeGreaterThanOrEqual(0);
      expect(bar!.y + bar!.height).toBeLessThan(800);
      // Nothing else that stays in view (the newsroom's top bar on a phone) covers it.
      const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('#editor-toolbar') !== null, [bar!.x + 4, bar!.y + bar!.height / 2]);
      expect(onTop).toBe(true);
      await page.screenshot({ path: `${shots}/long-read-scrolled-${width}.png` });
      await page.evaluate(() => window.scrollTo(0, 0));
      if (width === 390) await page.screenshot({ path: `${shots}/editor-390.png`, fullPage: false });
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 120_000);
});
