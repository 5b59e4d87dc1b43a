import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { MediaItem } from '../../src/media/media-service.js';
import type { Services } from '../../src/services.js';
import { adminTestConfig, createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { articleInput, seedNewsroom, uploadedImage } from '../support/fixtures.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const shots = screenshotDir('media');
const widths = [1366, 390] as const;

/**
 * A bare page that loads the picker island and opens it on request, as the writing screen
 * does: the picker must bring everything it needs but the newsroom stylesheet.
 */
const pickerPage = (csrf: string) => `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Picker test</title><link rel="stylesheet" href="/static/newsroom.css">
<script type="module">
  import { openMediaPicker } from '/__picker.js';
  window.openPicker = () => { window.picked = openMediaPicker({ csrf: ${JSON.stringify(csrf)} }); return true; };
</script></head>
<body class="nr"><main><h1>Writing screen stand-in</h1></main></body></html>`;

type PickerWindow = { openPicker(): boolean; picked: Promise<unknown> };

describe('the media library and picker in Chromium', () => {
  let db: TestDatabase;
  let services: Services;
  const site = browserSite();
  let editor: SignedIn;
  let harbour: MediaItem;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    services = db.services;
    await seedNewsroom(services);
    editor = await signIn(createAdminTestApp(services), services, 'editor');
    const colours = ['#2f5d7c', '#a65e2e', '#4d7c3a', '#7a3f6d', '#c2a13b', '#375a5a', '#8c2f2f', '#5b5f97'];
    const texts = [
      { alt: 'Fishing boats in the harbour at dawn', caption: 'The fleet returns after the strike', credit: 'Photo: A. Lens' },
      { alt: 'A crowded ferry deck', caption: 'Commuters on the morning ferry', credit: 'Photo: B. Shutter' },
      { alt: 'Cranes idle on the quay', caption: '' },
      { alt: 'The council chamber during the vote', caption: 'Councillors vote on the docks plan', credit: 'Photo: C. Frame' },
      { alt: 'A market stall of lemons', caption: 'Saturday market' },
      { alt: 'Night shift workers at the gate', caption: 'The gate at 2 am', credit: 'Photo: D. Aperture' },
      { alt: 'A portrait of the union leader', caption: '' },
      { alt: 'An aerial view of the docks', caption: 'The docks from the air', credit: 'Photo: E. Drone' },
    ];
    for (const [i, text] of texts.entries()) {
      const item = await uploadedImage(services, text, { userId: editor.user.id, colour: colours[i], width: i % 3 === 0 ? 1200 : 800, height: i % 3 === 1 ? 1000 : 600 });
      if (i === 0) harbour = item;
    }
    await services.editorial.create({ id: editor.user.id, role: 'editor', author_id: null }, articleInput({ headline: 'Dawn on the quay', body: [services.media.imageBlock(harbour)] }));

    const bundle = await build({
      stdin: { contents: "export { openMediaPicker } from './src/admin/client/media-picker.ts';", resolveDir: repoRoot, loader: 'ts' },
      bundle: true,
      format: 'esm',
      write: false,
    });
    const script = bundle.outputFiles[0]!.text;
    const app = createApp({ services, config: { ...adminTestConfig, siteUrl: 'http://127.0.0.1' } });
    await site.serve((request) => {
      const path = new URL(request.url).pathname;
      if (path === '/__picker.html') return new Response(pickerPage(editor.csrfToken), { headers: { 'content-type': 'text/html; charset=utf-8' } });
      if (path === '/__picker.js') return new Response(script, { headers: { 'content-type': 'text/javascript' } });
      return app.fetch(request);
    });
  });

  afterAll(() => site.close());

  async function open(path: string, width: number): Promise<{ page: Page; errors: string[] }> {
    const page = await signedInPage(site.browser, site.url, editor, { viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}${path}`);
    return { page, errors };
  }

  for (const width of widths) {
    it(`shows the grid at ${width} px with every thumbnail's box reserved, searches without script, and passes axe`, async () => {
      const { page, errors } = await open('/admin/media', width);
      const cards = page.locator('.media-grid .media-card');
      await expect.poll(() => cards.count()).toBe(8);
      // Each thumbnail has its box before its file arrives: width and height are on the element.
      const boxes = await page.locator('.media-grid img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).getBoundingClientRect().height));
      expect(boxes.every((h) => h > 50)).toBe(true);
      // Nothing is wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${shots}/library-${width}.png`, fullPage: true });
      await expectNoAxeViolations(page);

      await page.getByLabel('Search alt text and captions').fill('ferry');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(/q=ferry/);
      expect(await page.locator('.media-grid img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual(['A crowded ferry deck']);

      await page.goto(`${site.url}/admin/media/${harbour.id}`);
      await expect.poll(() => page.locator('.media-uses a').textContent()).toBe('Dawn on the quay');
      await page.screenshot({ path: `${shots}/item-${width}.png`, fullPage: true });
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
    });
  }

  it('edits an image’s text, refusing an empty alt inline with the typing kept', async () => {
    const { page } = await open(`/admin/media/${harbour.id}`, 1366);
    await page.getByLabel('Alt text').fill('');
    await page.getByLabel('Caption').fill('A caption I typed');
    // The browser's own check would stop an empty required field; the server must refuse it too.
    await page.locator('#d-alt').evaluate((input) => input.removeAttribute('required'));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#d-alt').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Caption').inputValue()).toBe('A caption I typed');
    await page.getByLabel('Alt text').fill('Fishing boats in the harbour at first light');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved');
    expect((await services.media.get(harbour.id)).alt).toBe('Fishing boats in the harbour at first light');
  });

  for (const width of widths) {
    it(`opens the picker at ${width} px as a labelled modal, searches, and resolves with the chosen image's block`, async () => {
      const { page, errors } = await open('/__picker.html', width);
      await page.waitForFunction(() => 'openPicker' in window);
      await page.evaluate(() => (window as unknown as PickerWindow).openPicker());
      const dialog = page.getByRole('dialog', { name: 'Choose an image' });
      await dialog.waitFor();
      await expect.poll(() => dialog.locator('.media-pick').count()).toBe(8);
      // The search box has the focus, and the dialog is modal: the page behind is inert.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
      expect(await page.evaluate(() => document.querySelector('dialog')!.matches(':modal'))).toBe(true);
      await page.screenshot({ path: `${shots}/picker-${width}.png` });
      await expectNoAxeViolations(page);

      await page.keyboard.type('ferry');
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog.locator('.media-pick').count()).toBe(1);
      expect(await dialog.getByRole('status').textContent()).toBe('1 image matches “ferry”');
      await dialog.getByRole('button', { name: 'A crowded ferry deck' }).click();
      const chosen = (await page.evaluate(() => (window as unknown as PickerWindow).picked)) as { item: { alt: string }; block: { type: string; alt: string; caption: string; sources: unknown[] } };
      expect(chosen.item.alt).toBe('A crowded ferry deck');
      expect(chosen.block).toMatchObject({ type: 'image', alt: 'A crowded ferry deck', caption: 'Commuters on the morning ferry', credit: 'Photo: B. Shutter' });
      expect(chosen.block.sources.length).toBeGreaterThan(0);
      expect(await page.locator('dialog').count()).toBe(0);
      expect(errors).toEqual([]);
    });
  }

  it('closes with Escape, resolving with nothing', async () => {
    const { page } = await open('/__picker.html', 1366);
    await page.waitForFunction(() => 'openPicker' in window);
    await page.evaluate(() => (window as unknown as PickerWindow).openPicker());
    await page.getByRole('dialog', { name: 'Choose an image' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (window as unknown as PickerWindow).picked)).toBeNull();
  });

  it('uploads from the picker, alt text required, and resolves with the new image', async () => {
    const { page } = await open('/__picker.html', 390);
    await page.waitForFunction(() => 'openPicker' in window);
    await page.evaluate(() => (window as unknown as PickerWindow).openPicker());
    const dialog = page.getByRole('dialog', { name: 'Choose an image' });
    await dialog.getByText('Upload a new image').click();
    const { default: sharp } = await import('sharp');
    const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#1d4d6b' } }).png().toBuffer();
    await dialog.getByLabel(/Image file/).setInputFiles({ name: 'chart.png', mimeType: 'image/png', buffer: png });
    await dialog.getByLabel(/Caption/).fill('Shipping volumes, 2016–2026');
    // The alt text is required: without it the form does not go.
    await dialog.getByRole('button', { name: 'Upload and use' }).click();
    expect(await dialog.getByLabel(/Alt text/).evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
    await dialog.getByLabel(/Alt text/).fill('Chart of shipping volumes rising');
    await dialog.getByRole('button', { name: 'Upload and use' }).click();
    const chosen = (await page.evaluate(() => (window as unknown as PickerWindow).picked)) as { item: { id: number }; block: { alt: string; caption: string; width: number } };
    expect(chosen.block).toMatchObject({ alt: 'Chart of shipping volumes rising', caption: 'Shipping volumes, 2016–2026', width: 640 });
    expect((await services.media.get(chosen.item.id)).userId).toBe(editor.user.id);
  });
});
