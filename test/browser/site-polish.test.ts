import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b } from '../../src/content/blocks.js';
import type { Article } from '../../src/content/article-store.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { longReadBody, publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const widths = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

/** Relative luminance (WCAG) of a computed `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
}

const computed = (page: Page, selector: string, property: 'backgroundColor' | 'color' | 'display') =>
  page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);

describe('dark mode and the print page in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let article: Article;
  const shots = screenshotDir('polish');

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-site-css.mjs'], { cwd: repoRoot });
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    await seedNewsletters(services);
    article = await publishedArticle(services, {
      headline: 'The docks at night',
      standfirst: 'A strike changed the neighbourhood more than any plan.',
      partnerSlotAfter: 1,
      body: longReadBody(700, b.pullquote('Nobody has told us what the docks will be for', 'A crane driver')),
    });
    await publishedArticle(services, { headline: 'A better kind of bank', sponsor: 'Example Bank', topics: ['russia'] });
    await publishedArticle(services, { headline: 'Parliament returns', section: 'politics', topics: ['russia'] });
    await site.start(services);
  });

  afterAll(() => site.close());

  it.each(widths)('draws the article and home page dark when the reader prefers dark, axe-clean ($name)', async ({ name, width, height }) => {
    const page = await newTestPage(site.browser, { viewport: { width, height }, colorScheme: 'dark' });
    for (const [label, path] of [
      ['article', article.path],
      ['home', '/'],
    ] as const) {
      await page.goto(site.url + path);
      const paper = luminance(await computed(page, 'html', 'backgroundColor'));
      const ink = luminance(await computed(page, 'h1', 'color'));
      expect(paper, `${label} background`).toBeLessThan(0.05);
      expect((ink + 0.05) / (paper + 0.05), `${label} headline contrast`).toBeGreaterThan(7);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `dark-${label}-${name}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(site.url + article.path);
    expect(luminance(await computed(page, 'html', 'backgroundColor'))).toBeGreaterThan(0.9);
    await page.close();
  });

  it('prints the article alone, its address under the headline, in black on white', async () => {
    const page = await newTestPage(site.browser, { viewport: { width: 1366, height: 900 }, colorScheme: 'dark' });
    await page.goto(site.url + article.path);
    for (const selector of ['.article-body p', '.partner-slot', '.signup-box', '.related', 'body > header', 'body > footer']) {
      expect(await page.locator(selector).count(), selector).toBeGreaterThan(0);
      expect(await computed(page, selector, 'display'), selector).not.toBe('none');
    }
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.partner-slot', '.signup-box', '.related', 'body > header', 'body > footer', 'nav']) {
      const shown = await page.locator(selector).evaluateAll((els) => els.filter((el) => el.checkVisibility()).length);
      expect(shown, `${selector} in print`).toBe(0);
    }
    expect(await page.locator('.article h1').isVisible()).toBe(true);
    expect(await page.locator('.article-body p').first().isVisible()).toBe(true);
    const printedUrl = await page.locator('.article h1').evaluate((h1) => getComputedStyle(h1, '::after').content);
    expect(printedUrl).toBe(JSON.stringify(`http://127.0.0.1${article.path}`));
    expect(luminance(await computed(page, 'html', 'backgroundColor'))).toBeGreaterThan(0.95);
    expect(luminance(await computed(page, '.article-body p', 'color'))).toBeLessThan(0.01);
    await page.pdf({ path: join(shots, 'print-article.pdf') });
    await page.screenshot({ path: join(shots, 'print-article.png'), fullPage: true });
    await page.close();
  });
});
