import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromZonedInput, zonedInputValue } from '../../src/admin/time.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { startServer } from '../../src/server.js';
import { testPassword } from '../support/admin.js';
import { launchChromium, screenshotDir } from '../support/browser.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

const repoRoot = new URL('../../', import.meta.url);
const shots = screenshotDir('morning');
const zone = 'Europe/London';

/**
 * A whole morning in the newsroom, against the real server with its scheduler running:
 * sign in, put a picture in the library, write an article with the pickers, a link, a lead
 * image from the library and an inline image, schedule it for a local time, watch it go
 * live at that minute, correct it, find the correction on /corrections, and send a test
 * of a newsletter that arrives in the SMTP server.
 */
describe('a morning in the newsroom, in Chromium', () => {
  let dataDir: string;
  let runtime: Runtime;
  let sink: SmtpSink;
  let server: { url: string; stop(): Promise<void> };
  let browser: Browser;
  let page: Page;
  const email = 'ruth@gazette.test';
  const errors: string[] = [];
  let photo: Buffer;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-admin.mjs'], { cwd: repoRoot });
    dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-morning-'));
    sink = await startSmtpSink();
    runtime = await openRuntime({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SITE_URL: 'http://127.0.0.1',
      TIME_ZONE: zone,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Test Gazette <news@gazette.test>',
      LOG_LEVEL: 'silent',
    });
    const { services } = runtime;
    const { authors } = await seedNewsroom(services);
    await seedNewsletters(services);
    await publishedArticle(services, { headline: 'Yesterday on the quays' }, { publishedAt: new Date(Date.now() - 3_600_000).toISOString() });
    const user = await services.users.add({ email, name: 'Ruth Desk', role: 'editor', password: testPassword });
    await services.database.db.updateTable('users').set({ author_id: authors[0]!.id }).where('id', '=', user.id).execute();
    server = await startServer(runtime);
    photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2f5d62' } }).jpeg().toBuffer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    // A refused resource is named by its response; a CSP refusal or script error by the console.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await runtime?.close();
    await sink?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const articleRow = async (headline: string) => {
    const { id } = await runtime.services.database.db.selectFrom('articles').select('id').where('headline', '=', headline).executeTakeFirstOrThrow();
    return (await runtime.services.articles.get(id))!;
  };

  it('signs in and lands on the dashboard', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(testPassword);
    await Promise.all([page.waitForURL(`${server.url}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await page.screenshot({ path: `${shots}/dashboard-1366.png`, fullPage: true });
  });

  it('puts a photograph in the media library', async () => {
    await page.goto(`${server.url}/admin/media`);
    await page.locator('input[type="file"][name="file"]').first().setInputFiles({ name: 'pilots.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByLabel('Alt text', { exact: true }).fill('Pilot boats moored at dawn');
    await page.getByLabel('Caption', { exact: true }).fill('The pilot station on Monday');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Upload', exact: true }).click()]);
    await expect.poll(() => page.getByRole('img', { name: 'Pilot boats moored at dawn' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}/media-1366.png`, fullPage: true });
  });

  const headline = 'Harbour pilots end their strike';
  let scheduledIso = '';

  it('writes an article with the pickers, a link, a lead image from the library and an inline image', async () => {
    await page.goto(`${server.url}/admin/articles/new`);
    await page.locator('#f-headline').fill(headline);
    await page.locator('#f-standfirst').fill('Ships move again after nine days.');
    await page.getByLabel('Section').selectOption('world');

    const authors = page.getByRole('combobox', { name: 'Authors' });
    await authors.focus();
    await page.keyboard.type('ben');
    await page.getByRole('option', { name: 'Ben Writer' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const topics = page.getByRole('combobox', { name: 'Topics' });
    await topics.focus();
    await page.keyboard.type('elec');
    await page.getByRole('option', { name: 'Elections' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    const body = page.locator('.ProseMirror');
    await body.click();
    await page.keyboard.type('The pilots voted on Monday.');
    await page.locator('.ProseMirror p').first().click({ clickCount: 3 });
    await page.keyboard.press('Control+k');
    const link = page.getByRole('dialog', { name: 'Add a link' });
    await link.getByLabel('Link address').fill('https://harbour.example/vote');
    await link.getByRole('button', { name: 'Apply link' }).click();
    await expect.poll(() => page.locator('.ProseMirror a').getAttribute('href')).toBe('https://harbour.example/vote');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Ships waiting in the roads came in on the evening tide.');

    // The inline image is uploaded from the editor's picker, straight into the body.
    await page.getByRole('toolbar', { name: 'Body formatting' }).getByRole('button', { name: 'Image', exact: true }).click();
    const bodyPicker = page.getByRole('dialog', { name: 'Add an image to the body' });
    await bodyPicker.getByText('Upload a new image').click();
    await bodyPicker.locator('input[type="file"]').setInputFiles({ name: 'tide.jpg', mimeType: 'image/jpeg', buffer: photo });
    await bodyPicker.getByLabel(/^Alt text/).fill('Ships on the evening tide');
    await bodyPicker.getByRole('button', { name: 'Upload and use' }).click();
    await expect.poll(() => page.locator('.ProseMirror figure img').getAttribute('alt')).toBe('Ships on the evening tide');

    // The lead image comes from the library.
    await page.getByRole('button', { name: 'Choose from library' }).click();
    const leadPicker = page.getByRole('dialog', { name: 'Choose the lead image' });
    await leadPicker.getByRole('button', { name: 'Pilot boats moored at dawn' }).click();
    await expect.poll(() => page.locator('#f-imageAlt').inputValue()).toBe('Pilot boats moored at dawn');

    await page.screenshot({ path: `${shots}/writing-1366.png` });
    await Promise.all([page.waitForURL(/\/admin\/articles\/\d+/), page.keyboard.press('Control+s')]);
    const stored = await runtime.services.articles.get((await articleRow(headline)).id);
    expect(stored!.authors.map((a) => a.slug)).toContain('ben-writer');
    expect(stored!.topics.map((t) => t.slug)).toContain('elections');
    expect(stored!.leadImage).toMatchObject({ alt: 'Pilot boats moored at dawn', caption: 'The pilot station on Monday' });
    const [first, second, third] = stored!.body;
    expect(first, JSON.stringify(stored!.body)).toMatchObject({ type: 'paragraph', content: [{ text: 'The pilots voted on Monday.', href: 'https://harbour.example/vote' }] });
    expect(second).toMatchObject({ type: 'paragraph' });
    expect(third).toMatchObject({ type: 'image', alt: 'Ships on the evening tide' });
  }, 60_000);

  it('schedules it for a local time and it goes live at that minute', async () => {
    // The next whole minute at least 20 seconds away, typed as London's wall clock.
    const target = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000).toISOString();
    const local = zonedInputValue(target, zone);
    scheduledIso = fromZonedInput(local, zone);
    expect(scheduledIso).toBe(target);
    await page.locator('#f-when').fill(local);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Schedule', exact: true }).click()]);
    expect(await page.locator('.writing-publish').textContent()).toMatch(/Scheduled/);
    expect(await page.locator('.writing-publish').textContent()).toMatch(/ (GMT|BST)/);
    expect((await articleRow(headline)).scheduledFor).toBe(target);

    // The server's own scheduler publishes it; nothing in the test pushes it along.
    await expect.poll(async () => (await articleRow(headline)).status, { timeout: 100_000, interval: 1_000 }).toBe('published');
    const row = await articleRow(headline);
    expect(row.publishedAt).toBe(target);

    const reader = await browser.newPage();
    await reader.goto(`${server.url}${row.path}`);
    expect(await reader.getByRole('heading', { level: 1 }).textContent()).toBe(headline);
    expect(await reader.getByRole('link', { name: 'The pilots voted on Monday.' }).getAttribute('href')).toBe('https://harbour.example/vote');
    expect(await reader.getByRole('img', { name: 'Pilot boats moored at dawn' }).count()).toBe(1);
    expect(await reader.getByRole('img', { name: 'Ships on the evening tide' }).count()).toBe(1);
    await reader.close();
  }, 150_000);

  it('corrects it, and the correction is listed on /corrections', async () => {
    const { id, path } = await articleRow(headline);
    await page.goto(`${server.url}/admin/articles/${id}`);
    await page.getByText('Add a correction or update').click();
    await page.getByLabel('Note shown to readers').fill('An earlier version said the strike lasted ten days.');
    await Promise.all([page.waitForLoadState('load'), page.locator('button[form="note-form"]').click()]);

    await page.goto(`${server.url}/corrections`);
    const entry = page.locator('main').getByText('An earlier version said the strike lasted ten days.');
    expect(await entry.count()).toBe(1);
    expect(await page.locator(`main a[href="${path}"]`).count()).toBeGreaterThan(0);
  });

  it('sends a test of the morning newsletter and reads it in the SMTP server', async () => {
    await page.goto(`${server.url}/admin/newsletters/daily-brief`);
    await Promise.all([page.waitForURL(/done=test-sent/), page.getByRole('button', { name: 'Send a test to me' }).click()]);
    await sink.waitFor(1, 20_000);
    const mail = (await sink.parsed()).find((m) => m.subject?.startsWith('[Test]'));
    expect(mail, 'a test issue').toBeDefined();
    expect(sink.messages.find((m) => m.to.includes(email))).toBeDefined();
    expect(mail!.text, mail!.subject).toContain(headline);
    expect(errors).toEqual([]);
  });

  it('looks right on a phone: dashboard, writing screen and media library', async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await page.context().storageState() })).newPage();
    const { id } = await articleRow(headline);
    for (const [path, name] of [
      ['/admin', 'dashboard'],
      [`/admin/articles/${id}`, 'writing'],
      ['/admin/media', 'media'],
    ] as const) {
      await phone.goto(`${server.url}${path}`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: `${shots}/${name}-390.png`, fullPage: true });
    }
    await phone.context().close();
  });
});
