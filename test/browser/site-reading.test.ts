import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b } from '../../src/content/blocks.js';
import type { Article } from '../../src/content/article-store.js';
import { browserSite, expectNoAxeViolations, newTestPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';

describe('reader pages in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let article: Article;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    await seedNewsletters(services);
    article = await publishedArticle(services, {
      headline: 'Diplomats gather in Geneva',
      standfirst: 'A week of talks begins with little hope.',
      topics: ['russia', 'elections'],
      authors: ['ada-reporter', 'ben-writer'],
      printIssue: 42,
      partnerSlotAfter: 1,
      body: [b.p('The first round opened on Monday.'), b.h2('What is at stake'), b.p('Both sides want a deal.'), b.p('Neither will say so.')],
    });
    await publishedArticle(services, { headline: 'Parliament returns', section: 'politics', authors: ['ben-writer'], topics: ['elections'], printIssue: 42 });
    await publishedArticle(services, { headline: 'A better kind of bank', sponsor: 'Example Bank', topics: [] });
    await site.start(services);
  });

  afterAll(() => site.close());

  const pages: Array<{ name: string; path: () => string; h1?: string }> = [
    { name: 'home', path: () => '/' },
    { name: 'section', path: () => '/world' },
    { name: 'article', path: () => article.path, h1: 'Diplomats gather in Geneva' },
    { name: 'topic', path: () => '/topic/russia' },
    { name: 'author', path: () => '/author/ada-reporter' },
    { name: 'print issue', path: () => '/issue/42' },
    { name: 'archive', path: () => '/archive' },
    { name: 'archive year', path: () => '/archive/2026' },
    { name: 'archive month', path: () => '/archive/2026/01' },
    { name: 'support', path: () => '/support' },
  ];

  it.each(pages)('renders the $name page with one h1 and no axe-core violations', async ({ path, h1 }) => {
    const page = await newTestPage(site.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(site.url + path());
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').count()).toBe(1);
    if (h1) expect(await page.locator('h1').textContent()).toBe(h1);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('subscribes from the signup box on an article page: two ticked, a confirmation page, a pending signup row', async () => {
    const page = await newTestPage(site.browser);
    await page.goto(site.url + article.path);
    await page.getByLabel('The Daily Brief').check();
    await page.getByLabel('The Weekend Read').check();
    await page.getByLabel('Email address').fill('Reader@Example.org');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    await expectNoAxeViolations(page);
    const rows = await db.database.db
      .selectFrom('subscriptions')
      .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
      .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
      .select(['subscribers.email', 'newsletters.slug', 'subscriptions.status'])
      .orderBy('newsletters.slug')
      .execute();
    expect(rows).toEqual([
      { email: 'reader@example.org', slug: 'daily-brief', status: 'pending' },
      { email: 'reader@example.org', slug: 'weekend-read', status: 'pending' },
    ]);
    await page.context().close();
  });

  it('shows an edited headline when the browser revalidates its copy: the cached page was dropped', async () => {
    const page = await newTestPage(site.browser);
    await page.goto(site.url + article.path);
    const etag = await (await page.goto(site.url + article.path))!.headerValue('etag');
    await db.services.articles.update(article.id, { headline: 'Diplomats leave Geneva' });
    // A reload revalidates with If-None-Match: the ETag no longer matches, so the new page comes back.
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    expect(await reloaded!.headerValue('etag')).not.toBe(etag);
    expect(await page.locator('h1').textContent()).toBe('Diplomats leave Geneva');
    await page.goto(`${site.url}/world`);
    expect(await page.getByRole('link', { name: 'Diplomats leave Geneva' }).count()).toBeGreaterThan(0);
    await page.context().close();
  });
});
