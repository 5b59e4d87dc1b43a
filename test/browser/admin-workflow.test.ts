import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleAdminRoutes, type AdminEnv } from '../../src/admin/articles/routes.js';
import { mediaAdminRoutes } from '../../src/admin/media/routes.js';
import { mediaService } from '../../src/media/media-service.js';
import { createApp } from '../../src/app.js';
import type { Actor } from '../../src/content/article-policy.js';
import { BroadsheetError } from '../../src/errors.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { seedNewsroom } from '../support/fixtures.js';

const repoRoot = new URL('../../', import.meta.url);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Fails the test with the rule ids and targets when axe finds anything on the page. */
async function expectNoAxeViolations(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run();
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  expect(violations, page.url()).toEqual([]);
}

describe('newsroom workflow in Chromium', () => {
  let db: TestDatabase;
  let server: ServerType;
  let base = '';
  let browser: Browser;
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-admin.mjs'], { cwd: repoRoot });
    db = await createSqliteDatabase();
    const { authors } = await seedNewsroom(db.services);
    actors.contributor = { id: 21, role: 'contributor', author_id: authors[0]!.id };
    actors.editor = { id: 22, role: 'editor', author_id: null };

    const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1' };
    const app = new Hono<AdminEnv>();
    // Stands in for the accounts middleware: the browser context names its user in a header.
    app.use('/admin/*', async (c, next) => {
      const user = actors[c.req.header('x-test-user') ?? ''];
      if (!user) return c.text('Sign in first', 401);
      c.set('user', user);
      c.set('csrfToken', 'browser-token');
      await next();
    });
    const services = { ...db.services, media: mediaService(db.database.db, { dir: join(db.dataDir, 'media') }) };
    app.route('/', articleAdminRoutes(services, config));
    app.route('/', mediaAdminRoutes(services));
    app.route('/', createApp({ services, config }));
    app.onError((error, c) => c.text(error.message, error instanceof BroadsheetError ? (error.status as 400) : 500));
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await db?.close();
  });

  const pageAs = async (role: string) => {
    // Each context is a fresh profile (Playwright's launch uses a new temporary user-data-dir).
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-test-user': role } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors, close: () => context.close() };
  };

  it('a contributor writes and submits, an editor edits in the rich-text editor, schedules and publishes, readers see it', async () => {
    const contributor = await pageAs('contributor');
    const { page } = contributor;
    await page.goto(`${base}/admin/articles/new`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Headline').fill('Harbour strike enters second week');
    await page.getByLabel('Standfirst').fill('Dock workers hold out for better pay.');
    await page.locator('.ProseMirror').click();
    await page.keyboard.type('Cranes stood idle on Monday.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const editPath = new URL(page.url()).pathname;
    const id = Number(editPath.split('/').at(-1));
    await expect.poll(() => page.locator('.ProseMirror').textContent()).toContain('Cranes stood idle on Monday.');
    await expectNoAxeViolations(page);
    expect(await page.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.locator('#workflow-heading').textContent()).toContain('In review');

    // The button is hidden, and the server refuses the request anyway.
    const refused = await page.evaluate(async (path) => {
      const res = await fetch(`${path}/workflow`, { method: 'POST', body: new URLSearchParams({ action: 'publish', _csrf: 'browser-token' }) });
      return res.status;
    }, editPath);
    expect(refused).toBe(403);
    expect((await db.services.articles.get(id))?.status).toBe('in_review');
    expect(contributor.errors).toEqual([]);
    await contributor.close();

    const editor = await pageAs('editor');
    const ed = editor.page;
    await ed.goto(`${base}/admin/articles?status=in_review`);
    await expectNoAxeViolations(ed);
    await ed.getByRole('link', { name: 'Harbour strike enters second week' }).click();
    await ed.locator('.ProseMirror p').last().click();
    await ed.keyboard.press('End');
    await ed.keyboard.press('Enter');
    await ed.getByRole('button', { name: 'Bold' }).click();
    await ed.keyboard.type('Talks resume on Friday.');
    await expect
      .poll(async () => (await db.services.articles.get(id))?.body, { timeout: 10_000 })
      .toContainEqual({ type: 'paragraph', content: [{ text: 'Talks resume on Friday.', bold: true }] });
    await expect.poll(() => ed.locator('#autosave-status').textContent()).toMatch(/^Saved at/);

    const photo = await sharp({ create: { width: 1200, height: 700, channels: 3, background: '#468' } }).jpeg().toBuffer();
    await ed.getByLabel('Image (JPEG, PNG, WebP or AVIF, up to 15 MB)').setInputFiles({ name: 'docks.jpg', mimeType: 'image/jpeg', buffer: photo });
    await ed.getByLabel('Alt text').fill('Idle cranes at the docks');
    await ed.getByLabel('Credit').fill('Photo: Desk');
    await ed.getByRole('button', { name: 'Upload image' }).click();
    await expect.poll(() => ed.locator('#image-status').textContent()).toBe('Image added to the body.');
    await expect.poll(async () => JSON.stringify((await db.services.articles.get(id))?.body), { timeout: 10_000 }).toContain('Idle cranes at the docks');

    const inOneHour = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
    await ed.getByLabel('Publish at (UTC)').fill(inOneHour);
    await ed.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => ed.locator('#workflow-heading').textContent()).toContain('Scheduled');
    await expectNoAxeViolations(ed);
    await ed.getByRole('button', { name: 'Publish now' }).click();
    await expect.poll(() => ed.locator('#workflow-heading').textContent()).toContain('Published');
    await ed.getByRole('link', { name: 'View on the site' }).click();
    await expect.poll(() => ed.locator('h1').textContent()).toBe('Harbour strike enters second week');
    expect(await ed.locator('article strong').textContent()).toBe('Talks resume on Friday.');
    const image = ed.locator('article img[alt="Idle cranes at the docks"]');
    expect(await image.getAttribute('srcset')).toMatch(/320\.webp 320w, .*640\.webp 640w, .*1024\.webp 1024w, .*1200\.webp 1200w$/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(editor.errors).toEqual([]);
    await editor.close();
  });

  it('shows an autosave conflict when someone else saved first, keeping the typing on the page', async () => {
    const { editorial, articles } = db.services;
    const draft = await editorial.create(actors.editor!, { headline: 'Shared draft', section: 'world', authors: ['ada-reporter'], body: [] });
    const { page, errors, close } = await pageAs('editor');
    await page.goto(`${base}/admin/articles/${draft.id}`);
    await editorial.save(actors.editor!, draft.id, { headline: 'Saved by a colleague' }, draft.version);
    await page.locator('.ProseMirror').click();
    await page.keyboard.type('My paragraph that must not be lost.');
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 10_000 }).toContain('someone else saved version 2');
    expect(await page.locator('.ProseMirror').textContent()).toContain('My paragraph that must not be lost.');
    expect(await articles.get(draft.id)).toMatchObject({ headline: 'Saved by a colleague', body: [], version: 2 });
    expect(errors).toEqual([]);
    await close();
  });
});
