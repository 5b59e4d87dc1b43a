import { HtmlValidate } from 'html-validate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b } from '../../src/content/blocks.js';
import type { Article } from '../../src/content/article-store.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom, subscription } from '../support/fixtures.js';

const phone = { width: 390, height: 844 };
const desktop = { width: 1366, height: 900 };

describe('reader navigation, the newsletter pages and the search page in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let article: Article;
  let preferences: string;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    const { daily, weekend } = await seedNewsletters(services);
    await services.newsletters.add({
      slug: 'culture-notes',
      name: 'Culture Notes',
      description: 'Books, films, exhibitions and the arguments they start, with a reading list from our critics every fortnight.',
      cadence: { cron: '0 9 * * 5', timezone: 'Europe/London', label: 'Fridays' },
      rule: { kind: 'latest', sections: ['world'] },
    });
    article = await publishedArticle(services, { headline: 'Diplomats gather in Geneva', body: [b.p('The first round opened on Monday.'), b.p('Both sides want a deal.')] });
    await publishedArticle(services, { headline: 'Glacier valley talks resume', section: 'politics', printIssue: 42 });
    await subscription(services, daily.id, 'reader@example.org', { confirmedAt: '2026-01-01T00:00:00.000Z' });
    await subscription(services, weekend.id, 'reader@example.org', 'pending');
    const reader = await db.database.db.selectFrom('subscribers').select('id').where('email', '=', 'reader@example.org').executeTakeFirstOrThrow();
    preferences = `/newsletters/preferences/${services.newsletters.tokens.sign({ purpose: 'preferences', subscriberId: reader.id, data: '' })}`;
    await site.start(services);
  });

  afterAll(() => site.close());

  /** Opens a page kind; the signup error is the re-render of /newsletters after a post with nothing ticked. */
  async function open(kind: string, viewport = desktop, javaScriptEnabled = true): Promise<Page> {
    const page = await newTestPage(site.browser, { viewport, javaScriptEnabled });
    if (kind === 'signup error') {
      await page.goto(`${site.url}/newsletters`);
      await page.getByLabel('Email address').fill('picky@example.org');
      const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/newsletters/subscribe')), page.getByRole('button', { name: 'Sign up' }).click()]);
      expect(res.status()).toBe(422);
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain('tick at least one newsletter');
      return page;
    }
    const res = await page.goto(site.url + pathOf(kind));
    expect(res?.status(), kind).toBe(kind === 'not found' ? 404 : 200);
    return page;
  }

  const pathOf = (kind: string): string =>
    ({
      home: '/',
      section: '/world',
      article: article.path,
      topic: '/topic/elections',
      author: '/author/ada-reporter',
      'print issue': '/issue/42',
      archive: '/archive',
      support: '/support',
      newsletters: '/newsletters',
      'newsletter archive': '/newsletters/daily-brief',
      preferences,
      search: '/search?q=glacier&section=politics',
      'empty search': '/search',
      'not found': '/no-such-page/at-all',
    })[kind]!;

  const everyKind = ['home', 'section', 'article', 'topic', 'author', 'print issue', 'archive', 'support', 'newsletters', 'newsletter archive', 'preferences', 'signup error', 'search', 'empty search', 'not found'];
  const myPages = ['home', 'newsletters', 'preferences', 'signup error', 'search', 'empty search', 'newsletter archive', 'not found'];

  it.each(everyKind)('the %s page has the labelled search box, one banner, main and footer, and navigation with distinct labels', async (kind) => {
    const page = await open(kind);
    const siteSearch = page.getByRole('search', { name: 'Site' });
    await expect(siteSearch.getAttribute('action')).resolves.toBe('/search');
    await expect(siteSearch.getAttribute('method')).resolves.toBe('get');
    expect(await siteSearch.getByRole('searchbox', { name: 'Search articles' }).isVisible()).toBe(true);
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').count()).toBe(1);
    const labels = await page
      .locator('nav')
      .evaluateAll((navs) => navs.map((n) => n.getAttribute('aria-label') ?? document.getElementById(n.getAttribute('aria-labelledby') ?? '')?.textContent ?? ''));
    expect(labels).toEqual(expect.arrayContaining(['Reader services', 'Menu', 'Site sections', 'Footer']));
    expect(new Set(labels).size, String(labels)).toBe(labels.length);
    await page.context().close();
  }, 60_000);

  it('a phone reader opens the Menu and follows a section, with JavaScript turned off', async () => {
    const page = await open('article', phone, false);
    expect(await page.getByRole('navigation', { name: 'Site sections' }).isVisible()).toBe(false);
    const menu = page.getByRole('navigation', { name: 'Menu' });
    expect(await menu.isVisible()).toBe(false);
    await page.locator('summary', { hasText: 'Menu' }).click();
    expect(await menu.isVisible()).toBe(true);
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Politics', 'World', 'Newsletters', 'Archive', 'Support us', 'Your account']);
    await page.screenshot({ path: `${screenshotDir('nav')}/menu-open-390.png` });
    await menu.getByRole('link', { name: 'World' }).click();
    await page.waitForURL(`${site.url}/world`);
    expect(await page.locator('h1').textContent()).toBe('World');
    await page.context().close();
  }, 60_000);

  it('a desktop reader sees the sections, newsletters and support in the header, and no Menu button', async () => {
    const page = await open('home');
    expect(await page.getByRole('navigation', { name: 'Site sections' }).getByRole('link').allTextContents()).toEqual(['Politics', 'World']);
    expect(await page.getByRole('navigation', { name: 'Reader services' }).getByRole('link').allTextContents()).toEqual(['Newsletters', 'Support us']);
    expect(await page.locator('summary', { hasText: 'Menu' }).isVisible()).toBe(false);
    await page.context().close();
  }, 60_000);

  it('the first Tab reaches the skip link, which leads to the main content', async () => {
    const page = await open('article');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // Playwright learns of a same-document navigation by an event, after the key press returns.
    await page.waitForURL((url) => url.hash === '#main');
    expect(await page.evaluate(() => document.querySelector(':target')?.tagName)).toBe('MAIN');
    await page.context().close();
  }, 60_000);

  it('searching from the header box, without JavaScript, lands on the results', async () => {
    const page = await open('section', phone, false);
    await page.getByRole('searchbox', { name: 'Search articles' }).fill('glacier');
    await page.getByRole('search', { name: 'Site' }).getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=glacier$/);
    expect(await page.getByRole('link', { name: /Glacier valley talks resume/ }).count()).toBe(1);
    await page.context().close();
  }, 60_000);

  it.each(['newsletters', 'signup error', 'preferences', 'article'])('every description on the %s page is at least as wide as its newsletter name, at 375 and 1366px', async (kind) => {
    const page = await open(kind);
    for (const width of [375, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      const choices = await page.locator('.newsletter-choice').evaluateAll((els) =>
        els.map((el) => ({
          name: el.querySelector('label')!.getBoundingClientRect().width,
          description: el.querySelector('p')!.getBoundingClientRect().width,
        })),
      );
      expect(choices.length, `${kind} at ${width}`).toBe(3);
      for (const c of choices) {
        expect(c.description, `${kind} at ${width}: ${JSON.stringify(c)}`).toBeGreaterThanOrEqual(c.name);
        // The bug this guards against: descriptions one word a line in a 1.5rem column.
        expect(c.description, `${kind} at ${width}`).toBeGreaterThan(200);
      }
      await page.screenshot({ path: `${screenshotDir('nav')}/${kind.replace(' ', '-')}-${width}.png`, fullPage: true });
    }
    await page.context().close();
  }, 60_000);

  it.each(['home', 'article', 'newsletters', 'signup error', 'preferences', 'search', 'empty search'])('the %s page scrolls no wider than the screen at 320, 375, 768 and 1366px', async (kind) => {
    const page = await open(kind);
    for (const width of [320, 375, 768, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll, `${kind} at ${width}`).toBeLessThanOrEqual(client);
      if (kind === 'search') await page.screenshot({ path: `${screenshotDir('nav')}/search-${width}.png`, fullPage: true });
    }
    await page.context().close();
  }, 60_000);

  it('lays the search filters out in two columns on a phone and one row on a desktop', async () => {
    const page = await open('search', phone);
    const fieldTops = () => page.locator('.search-filters .field').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    const [section, from, to, issue, sort] = await fieldTops();
    expect(from).toBeGreaterThan(section!);
    expect(to).toBe(from);
    expect(sort).toBe(issue);
    expect(issue).toBeGreaterThan(from!);
    await page.setViewportSize(desktop);
    expect(new Set(await fieldTops()).size).toBe(1);
    await page.context().close();
  }, 60_000);

  it.each(myPages.flatMap((kind) => [phone, desktop].map((viewport) => ({ kind, viewport }))))('the $kind page has no axe-core violations at $viewport.width px', async ({ kind, viewport }) => {
    const page = await open(kind, viewport);
    await expectNoAxeViolations(page);
    if (kind === 'home' && viewport === phone) {
      await page.locator('summary', { hasText: 'Menu' }).click();
      await expectNoAxeViolations(page);
    }
    await page.context().close();
  }, 60_000);

  it('the pages ship no script and are valid HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const post = () =>
      fetch(`${site.url}/newsletters/subscribe`, { method: 'POST', headers: { Origin: site.url }, body: new URLSearchParams([['email', 'picky@example.org']]) });
    const pages: Array<[string, Promise<Response>]> = [
      ...myPages.filter((k) => k !== 'signup error').map((k): [string, Promise<Response>] => [k, fetch(site.url + pathOf(k))]),
      ['signup error', post()],
      ['article', fetch(site.url + article.path)],
    ];
    for (const [kind, response] of pages) {
      const html = await (await response).text();
      // Structured data is the only <script> a reader page may carry.
      expect(html, kind).not.toMatch(/<script(?![^>]*application\/ld\+json)/i);
      const report = await validator.validateString(html);
      const problems = report.results.flatMap((r) => r.messages.map((m) => `${kind} ${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`));
      expect(problems).toEqual([]);
    }
  }, 60_000);
});
