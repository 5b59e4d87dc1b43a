import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Actor } from '../../src/content/article-policy.js';
import { mediaService } from '../../src/media/media-service.js';
import { testPassword } from '../support/admin.js';
import { expectNoAxeViolations, launchChromium, startTestServer, type TestServer } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { seedNewsletters, seedNewsroom } from '../support/fixtures.js';
import { zonedInputValue } from '../../src/admin/time.js';

const repoRoot = new URL('../../', import.meta.url);

describe('newsroom workflow in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let base = '';
  let browser: Browser;
  const actors: Record<string, Actor> = {};
  const emails: Record<string, string> = {};

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-admin.mjs'], { cwd: repoRoot });
    db = await createSqliteDatabase();
    const { authors } = await seedNewsroom(db.services);
    await seedNewsletters(db.services);
    const accounts = [
      { key: 'contributor', role: 'contributor', authorId: authors[0]!.id },
      { key: 'editor', role: 'editor', authorId: null },
      { key: 'admin', role: 'admin', authorId: null },
    ] as const;
    for (const a of accounts) {
      emails[a.key] = `${a.key}@gazette.test`;
      const user = await db.services.users.add({ email: emails[a.key]!, name: `Test ${a.key}`, role: a.role, password: testPassword });
      if (a.authorId) await db.database.db.updateTable('users').set({ author_id: a.authorId }).where('id', '=', user.id).execute();
      actors[a.key] = { id: user.id, role: a.role, author_id: a.authorId };
    }

    const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1' };
    const services = { ...db.services, media: mediaService(db.database.db, { dir: join(db.dataDir, 'media') }) };
    server = await startTestServer(createApp({ services, config }).fetch);
    base = server.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  /** Signs in through the real form, starting from `path`, which the sign-in page returns to. */
  const signInAs = async (role: string, path: string) => {
    // Each context is a fresh profile with its own cookies. CSP is bypassed only so axe-core can be injected.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${path}`);
    await page.waitForURL(/\/admin\/login\?next=/);
    await page.getByLabel('Email').fill(emails[role]!);
    await page.getByLabel('Password').fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === path.split('?')[0]);
    return { page, errors, close: () => context.close() };
  };

  const csrfOf = (page: Page) => page.locator('input[name="_csrf"]').first().inputValue();
  const editorFocused = (page: Page) => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'));
  /** Clicks into the body editor and waits until it has the focus: keys pressed before that go nowhere. */
  const clickIntoEditor = async (page: Page, target = page.locator('.ProseMirror')) => {
    await target.click();
    await expect.poll(() => editorFocused(page)).toBe(true);
  };

  it('shows an accessible sign-in page and a clear error for a wrong password', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Email').fill(emails.editor!);
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Email or password is wrong');
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);

  it('a contributor writes and submits, an editor edits in the rich-text editor, schedules and publishes, readers see it', async () => {
    const contributor = await signInAs('contributor', '/admin/articles/new');
    const { page } = contributor;
    await expectNoAxeViolations(page);
    await page.getByLabel('Headline').fill('Harbour strike enters second week');
    await page.getByLabel('Standfirst').fill('Dock workers hold out for better pay.');
    await clickIntoEditor(page);
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
    const refused = await page.evaluate(
      async ([path, csrf]) => {
        const res = await fetch(`${path}/workflow`, { method: 'POST', body: new URLSearchParams({ action: 'publish', _csrf: csrf! }) });
        return res.status;
      },
      [editPath, await csrfOf(page)],
    );
    expect(refused).toBe(403);
    expect((await db.services.articles.get(id))?.status).toBe('in_review');
    expect(contributor.errors).toEqual([]);
    await contributor.close();

    const editor = await signInAs('editor', '/admin/articles?status=in_review');
    const ed = editor.page;
    await expectNoAxeViolations(ed);
    await ed.getByRole('link', { name: 'Harbour strike enters second week' }).click();
    await ed.waitForURL(/\/admin\/articles\/\d+$/);
    const paragraphs = ed.locator('.ProseMirror p');
    await clickIntoEditor(ed, paragraphs.last());
    await ed.keyboard.press('Control+End');
    await ed.keyboard.press('Enter');
    await expect.poll(() => paragraphs.count()).toBe(2);
    await ed.getByRole('button', { name: 'Bold' }).click();
    await expect.poll(() => ed.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => editorFocused(ed)).toBe(true);
    await ed.keyboard.type('Talks resume on Friday.');
    await expect
      .poll(async () => (await db.services.articles.get(id))?.body, { timeout: 10_000 })
      .toContainEqual({ type: 'paragraph', content: [{ text: 'Talks resume on Friday.', bold: true }] });
    await expect.poll(() => ed.locator('#autosave-status').textContent()).toMatch(/^Saved at/);

    const photo = await sharp({ create: { width: 1200, height: 700, channels: 3, background: '#468' } }).jpeg().toBuffer();
    await ed.getByLabel('Image (JPEG, PNG, WebP or AVIF, up to 15 MB)').setInputFiles({ name: 'docks.jpg', mimeType: 'image/jpeg', buffer: photo });
    await ed.getByLabel('Alt text', { exact: true }).fill('Idle cranes at the docks');
    await ed.getByLabel('Credit', { exact: true }).fill('Photo: Desk');
    await ed.getByRole('button', { name: 'Upload image' }).click();
    await expect.poll(() => ed.locator('#image-status').textContent()).toBe('Image added to the body.');
    await expect.poll(async () => JSON.stringify((await db.services.articles.get(id))?.body), { timeout: 10_000 }).toContain('Idle cranes at the docks');

    const inOneHour = zonedInputValue(new Date(Date.now() + 3_600_000).toISOString(), 'Europe/London');
    await ed.getByLabel('Publish at').fill(inOneHour);
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
  }, 120_000);

  it('shows an autosave conflict when someone else saved first, keeping the typing on the page', async () => {
    const { editorial, articles } = db.services;
    const draft = await editorial.create(actors.editor!, { headline: 'Shared draft', section: 'world', authors: ['ada-reporter'], body: [] });
    const { page, errors, close } = await signInAs('editor', `/admin/articles/${draft.id}`);
    await editorial.save(actors.editor!, draft.id, { headline: 'Saved by a colleague' }, draft.version);
    await clickIntoEditor(page);
    await page.keyboard.type('My paragraph that must not be lost.');
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 10_000 }).toContain('someone else saved version 2');
    expect(await page.locator('.ProseMirror').textContent()).toContain('My paragraph that must not be lost.');
    expect(await articles.get(draft.id)).toMatchObject({ headline: 'Saved by a colleague', body: [], version: 2 });
    expect(errors).toEqual([]);
    await close();
  }, 60_000);
  it('management pages pass axe, and an admin adds a topic and merges it from the browser', async () => {
    const { page, errors, close } = await signInAs('admin', '/admin/sections');
    const paths = ['/admin/sections', '/admin/sections/1', '/admin/authors', '/admin/authors/1', '/admin/topics', '/admin/print-issues', '/admin/print-issues/1', '/admin/partners', '/admin/newsletters', '/admin/newsletters/daily-brief', '/admin/users', `/admin/users/${actors.editor!.id}`, '/admin/settings', '/admin/account', '/admin/media'];
    for (const path of paths) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }

    await page.goto(`${base}/admin/topics`);
    await page.getByLabel('Name').fill('Strikes');
    await page.getByRole('button', { name: 'Add topic' }).click();
    await page.waitForURL(`${base}/admin/topics`);
    await page.getByLabel('Merge this topic').selectOption({ label: 'Strikes (strikes)' });
    await page.getByLabel('into this topic (kept)').selectOption({ label: 'Elections (elections)' });
    await page.getByRole('button', { name: 'Merge topics' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Merged: 0 article(s) moved');
    await expectNoAxeViolations(page);
    expect(await db.services.desk.topicRedirect('strikes')).toBe('elections');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login$/);
    await page.goto(`${base}/admin/users`);
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fusers/);
    await page.goto(`${base}/admin/forgot`);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  }, 120_000);
});
