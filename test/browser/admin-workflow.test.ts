import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { mediaService } from '../../src/media/media-service.js';
import { testPassword } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, caretSettled, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { seedNewsletters, seedNewsroom } from '../support/fixtures.js';
import { zonedInputValue } from '../../src/admin/time.js';

const repoRoot = new URL('../../', import.meta.url);
const shots = screenshotDir('workflow');

/**
 * The roles' workflow through the real sign-in form: a contributor writes and submits, an editor
 * finishes, schedules and publishes, readers see it; an admin manages topics and signs out.
 * (Every newsroom page's axe check is test/browser/admin-pages.test.ts; the autosave conflict is
 * test/browser/admin-editor-island.test.ts.)
 */
describe('newsroom workflow in Chromium', () => {
  const site = browserSite();
  let db: TestDatabase;
  let base = '';
  const emails: Record<string, string> = {};

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-admin.mjs'], { cwd: repoRoot });
    db = site.own(await createSqliteDatabase());
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
    }

    const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1' };
    const services = { ...db.services, media: mediaService(db.database.db, { storage: db.services.media.storage }) };
    await site.serve(createApp({ services, config }).fetch);
    base = site.url;
  });

  afterAll(() => site.close());

  /** Signs in through the real form, starting from `path`, which the sign-in page returns to. */
  const signInAs = async (role: string, path: string) => {
    // Each context is a fresh profile with its own cookies. CSP is bypassed only so axe-core can be injected.
    const context = await site.browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 800 } });
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
    const context = await site.browser.newContext({ bypassCSP: true });
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

  it('a contributor writes and submits, an editor adds suggested topics, edits in the rich-text editor, schedules and publishes, readers see it', async () => {
    const contributor = await signInAs('contributor', '/admin/articles/new');
    const { page } = contributor;
    await expectNoAxeViolations(page);
    await page.getByLabel('Headline').fill('Harbour strike enters second week');
    await page.getByLabel('Standfirst').fill('Dock workers hold out for better pay as the elections near.');
    await clickIntoEditor(page);
    await page.keyboard.type('Cranes stood idle on Monday. The Harbour Board blamed the elections.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const editPath = new URL(page.url()).pathname;
    const id = Number(editPath.split('/').at(-1));
    await expect.poll(() => page.locator('.ProseMirror').textContent()).toContain('Cranes stood idle on Monday.');
    await expectNoAxeViolations(page);

    // Topic suggestions come when the field is first used, not with the page; a contributor may add only the newsroom's own.
    const suggestions = page.locator('#f-topics-suggestions');
    expect(await suggestions.getByRole('link').textContent()).toBe('Suggest topics from the saved article');
    await page.getByLabel('Topics', { exact: true }).focus();
    await expect.poll(() => suggestions.getByRole('button').allTextContents()).toEqual(['Elections']);
    await suggestions.getByRole('button', { name: 'Add topic Elections' }).click();
    await expect.poll(() => page.locator('[data-picker="topics"] .picker-chip-name').allTextContents()).toEqual(['Elections']);
    expect(await suggestions.textContent()).toBe('No more suggestions from the saved article.');

    expect(await page.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.locator('#workflow-heading').textContent()).toContain('In review');
    expect(await db.services.articles.get(id)).toMatchObject({ status: 'in_review', topics: [expect.objectContaining({ slug: 'elections' })] });

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

    // An editor is offered a new topic too, and creates it with one click.
    const offered = ed.locator('#f-topics-suggestions');
    await ed.getByLabel('Topics', { exact: true }).focus();
    await expect.poll(() => offered.getByRole('button').allTextContents()).toEqual(['Harbour Board (new)']);
    await offered.scrollIntoViewIfNeeded();
    await ed.screenshot({ path: `${shots}/topic-suggestions-1366.png` });
    await expectNoAxeViolations(ed);
    await ed.setViewportSize({ width: 390, height: 844 });
    await offered.scrollIntoViewIfNeeded();
    await ed.screenshot({ path: `${shots}/topic-suggestions-390.png` });
    await expectNoAxeViolations(ed);
    await ed.setViewportSize({ width: 1366, height: 800 });
    await offered.getByRole('button', { name: 'Add topic Harbour Board (new)' }).click();
    await expect.poll(() => ed.locator('[data-picker="topics"] .picker-chip-name').allTextContents()).toEqual(['Elections', 'Harbour Board']);
    expect(await db.services.taxonomy.findTopic('harbour-board')).toMatchObject({ name: 'Harbour Board' });

    const paragraphs = ed.locator('.ProseMirror p');
    await clickIntoEditor(ed, paragraphs.last());
    // Until the caret really sits at the end of the last paragraph, and stays there.
    await expect
      .poll(async () => {
        await ed.keyboard.press('Control+End');
        await caretSettled(ed);
        return ed.evaluate(() => {
          const s = getSelection();
          const last = document.querySelector('.ProseMirror p:last-of-type');
          return Boolean(s?.isCollapsed && s.focusNode && last?.contains(s.focusNode) && s.focusOffset === (s.focusNode.textContent ?? '').length);
        });
      })
      .toBe(true);
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
    // Making the image's sizes takes a while on a busy machine: the limit is on a hang.
    await expect.poll(() => ed.locator('#image-status').textContent(), { timeout: 30_000 }).toBe('Image added to the body.');
    await expect.poll(async () => JSON.stringify((await db.services.articles.get(id))?.body), { timeout: 10_000 }).toContain('Idle cranes at the docks');

    const inOneHour = zonedInputValue(new Date(Date.now() + 3_600_000).toISOString(), 'Europe/London');
    await ed.getByLabel('Publish at').fill(inOneHour);
    await ed.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => ed.locator('#workflow-heading').textContent()).toContain('Scheduled');
    // Scheduling saved the form first: the topics chosen in the picker are stored.
    expect((await db.services.articles.get(id))?.topics.map((t) => t.slug)).toEqual(['elections', 'harbour-board']);
    await expectNoAxeViolations(ed);
    await ed.getByRole('button', { name: 'Publish now' }).click();
    await expect.poll(() => ed.locator('#workflow-heading').textContent()).toContain('Published');
    await ed.getByRole('link', { name: 'View on the site' }).click();
    await expect.poll(() => ed.locator('h1').textContent()).toBe('Harbour strike enters second week');
    expect(await ed.locator('article strong').textContent()).toBe('Talks resume on Friday.');
    expect(await ed.locator('footer.topics a').allTextContents()).toEqual(['Elections', 'Harbour Board']);
    const image = ed.locator('article img[alt="Idle cranes at the docks"]');
    const webp = ed.locator('article picture:has(img[alt="Idle cranes at the docks"]) source[type="image/webp"]');
    expect(await webp.getAttribute('srcset')).toMatch(/320\.webp 320w, .*640\.webp 640w, .*1024\.webp 1024w, .*1200\.webp 1200w$/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(editor.errors).toEqual([]);
    await editor.close();
  }, 120_000);

  it('an admin adds a topic and merges it after confirming; signed out, the newsroom asks for a sign-in again', async () => {
    const { page, errors, close } = await signInAs('admin', '/admin/topics');
    await page.getByLabel('Name', { exact: true }).fill('Strikes');
    await page.getByRole('button', { name: 'Add topic' }).click();
    await page.waitForURL(/\/admin\/topics/);
    await expect.poll(() => page.locator('tbody').textContent()).toContain('Strikes');

    // A merge deletes a topic: its button appears only once the editor opens the question.
    const merge = page.getByRole('button', { name: 'Merge topics', exact: true });
    expect(await merge.isVisible()).toBe(false);
    await page.getByText('Merge topics…').click();
    await page.getByLabel('Merge this topic').selectOption({ label: 'Strikes (strikes)' });
    await page.getByLabel('Into this topic (kept)').selectOption({ label: 'Elections (elections)' });
    await merge.click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Merged: the articles moved');
    await expectNoAxeViolations(page);
    expect(await db.services.desk.topicRedirect('strikes')).toBe('elections');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login$/);
    await page.goto(`${base}/admin/users`);
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fusers/);
    expect(errors).toEqual([]);
    await close();
  }, 120_000);
});
