import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b } from '../../src/content/blocks.js';
import type { Services } from '../../src/services.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir, startSiteServer, type TestServer } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom, subscription, uploadedImage } from '../support/fixtures.js';

/** Every kind of page a reader can reach, written once: each is checked at every width below. */
interface ReaderPage {
  name: string;
  path: () => string;
  /** Text the reader sees on it, so that a blank or wrong page cannot pass. */
  shows: string;
  status?: number;
  /** Form fields POSTed to `path` (a page that answers a form, such as "check your inbox"); a GET without. */
  post?: Array<[string, string]>;
  /** Another server than the site's (the one whose database fails, for the 500 page). */
  server?: () => TestServer;
}

/** A phone (320, 375, 390), a tablet (768) and a laptop (1366). */
const widths = [320, 375, 390, 768, 1366];
const axeWidths = new Set([390, 1366]);

describe('every reader page kind in Chromium', () => {
  const site = browserSite();
  let db: TestDatabase;
  let failing: TestServer;
  const at = { article: '', pictured: '', preferences: '', sentIssue: '', confirm: '', unsubscribe: '' };

  const readerPages: ReaderPage[] = [
    { name: 'home', path: () => '/', shows: 'Diplomats gather in Geneva' },
    { name: 'section', path: () => '/world', shows: 'Diplomats gather in Geneva' },
    { name: 'topic', path: () => '/topic/russia', shows: 'Diplomats gather in Geneva' },
    { name: 'author', path: () => '/author/ada-reporter', shows: 'Covers Europe.' },
    { name: 'article', path: () => at.article, shows: 'Both sides want a deal.' },
    { name: 'article with a lead image', path: () => at.pictured, shows: 'The cranes stood idle on Monday.' },
    { name: 'print issue', path: () => '/issue/42', shows: 'The year ahead' },
    { name: 'archive year', path: () => '/archive/2026', shows: 'January' },
    { name: 'archive month', path: () => '/archive/2026/01', shows: 'Diplomats gather in Geneva' },
    { name: 'search with results', path: () => '/search?q=geneva', shows: 'Diplomats gather in Geneva' },
    { name: 'newsletters', path: () => '/newsletters', shows: 'World news every weekday.' },
    { name: 'newsletter preferences', path: () => at.preferences, shows: 'Politics, every Saturday.' },
    { name: 'support', path: () => '/support', shows: 'Support' },
    { name: 'corrections', path: () => '/corrections', shows: 'An earlier version misnamed the venue.' },
    { name: 'standing page', path: () => '/about', shows: 'We report on the coast and the capital.' },
    { name: 'not found', path: () => '/no-such-page-here', shows: 'Page not found', status: 404 },
    { name: 'archive', path: () => '/archive', shows: '2026' },
    { name: 'on this day', path: () => '/on-this-day', shows: 'On this day' },
    { name: 'on this day with stories', path: () => '/on-this-day/01-07', shows: 'The harbour strike ends' },
    { name: 'sent newsletter issue', path: () => at.sentIssue, shows: 'Talks open in Geneva' },
    { name: 'newsletter confirm', path: () => at.confirm, shows: 'The Weekend Read' },
    { name: 'newsletter unsubscribe', path: () => at.unsubscribe, shows: 'Unsubscribe from The Daily Brief?' },
    { name: 'check your inbox', path: () => '/newsletters/subscribe', post: [['email', 'new.reader@example.org'], ['newsletter', 'daily-brief']], shows: 'Check your inbox' },
    { name: 'server error', path: () => '/topic/russia', server: () => failing, shows: 'Something went wrong', status: 500 },
  ];

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    const editor = { id: 1, role: 'editor', author_id: null } as const;
    await seedNewsroom(services);
    const { daily, weekend } = await seedNewsletters(services);
    const article = await publishedArticle(services, {
      headline: 'Diplomats gather in Geneva',
      standfirst: 'A week of talks begins with little hope.',
      topics: ['russia', 'elections'],
      authors: ['ada-reporter', 'ben-writer'],
      printIssue: 42,
      partnerSlotAfter: 1,
      body: [b.p('The first round opened on Monday.'), b.h2('What is at stake'), b.p('Both sides want a deal.'), b.p('Neither will say so.')],
    });
    at.article = article.path;
    const photo = await uploadedImage(services, { alt: 'Cranes idle along the quay', caption: 'The docks on Monday.', credit: 'Photo: The desk' }, { width: 1600, height: 1000 });
    const pictured = await publishedArticle(services, {
      headline: 'The docks fall silent',
      section: 'politics',
      authors: ['ben-writer'],
      printIssue: 42,
      imageMediaId: photo.id,
      imageAlt: 'Cranes idle along the quay',
      imageCaption: 'The cranes stood idle on Monday.',
      imageCredit: 'Photo: The desk',
      imageFocalX: 30,
      imageFocalY: 60,
    });
    at.pictured = pictured.path;
    await publishedArticle(services, { headline: 'A better kind of bank', sponsor: 'Example Bank', topics: [] });
    await services.editorial.addNote(editor, article.id, { kind: 'correction', text: 'An earlier version misnamed the venue.' }, article.version);

    await services.pages.create(editor, { slug: 'about', title: 'About us', standfirst: 'Who we are.', body: [b.p('We report on the coast and the capital.')], status: 'published' });

    await subscription(services, daily.id, 'reader@example.org', { confirmedAt: '2026-01-02T08:00:00.000Z' });
    await subscription(services, weekend.id, 'reader@example.org', 'pending');
    const subscriber = await services.database.db.selectFrom('subscribers').select('id').where('email', '=', 'reader@example.org').executeTakeFirstOrThrow();
    at.preferences = `/newsletters/preferences/${services.newsletters.tokens.sign({ purpose: 'preferences', subscriberId: subscriber.id, data: '' })}`;
    at.confirm = `/newsletters/confirm/${services.newsletters.tokens.sign({ purpose: 'confirm', subscriberId: subscriber.id, data: String(weekend.id) })}`;
    at.unsubscribe = `/newsletters/unsubscribe/${services.newsletters.tokens.sign({ purpose: 'unsubscribe', subscriberId: subscriber.id, data: String(daily.id) })}`;
    // An issue as the sender leaves it once sent: its web page is the archive's.
    const sent = await services.database.db
      .insertInto('newsletter_issues')
      .values({
        newsletter_id: daily.id,
        status: 'sent',
        slot_at: null,
        covers_until: '2026-01-08T07:00:00.000Z',
        source_key: null,
        subject: 'Talks open in Geneva',
        intro: 'The morning’s news from everywhere.',
        items: JSON.stringify([{ articleId: article.id, headline: article.headline, standfirst: article.standfirst, path: article.path, kicker: 'World' }]),
        html: '',
        text: '',
        recipients: 1,
        created_at: '2026-01-08T06:00:00.000Z',
        approved_at: null,
        send_started_at: '2026-01-08T07:00:00.000Z',
        sent_at: '2026-01-08T07:05:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    at.sentIssue = `/newsletters/daily-brief/${sent.id}`;
    await publishedArticle(services, { headline: 'The harbour strike ends' }, { publishedAt: '2024-01-07T10:00:00.000Z' });

    // The same site on a database that fails under it: what a reader sees of a 500.
    const broken = { ...services, taxonomy: { ...services.taxonomy, findTopic: () => Promise.reject(new Error('the database went away')) } } as Services;
    failing = site.own(await startSiteServer(broken));
    await site.start(services);
  });

  afterAll(() => site.close());

  /** Elements sticking out past the right edge of the viewport, named so a failure says where to look. */
  const overflowing = (page: Page) =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
      // Inside a box that scrolls or clips sideways (a strip of section links), sticking out is by design.
      const clipped = (el: Element) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true;
        return false;
      };
      const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 1 && el.checkVisibility({ visibilityProperty: true }) && !clipped(el)).map(name);
      return { scrolls: document.documentElement.scrollWidth > width, wide: wide.slice(0, 8) };
    });

  /** Submits `fields` to `action` as the site's own form would: from one of its pages, so with its Origin. */
  async function submitForm(page: Page, base: string, action: string, fields: Array<[string, string]>) {
    await page.goto(`${base}/newsletters`);
    const [res] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(
        ([to, entries]) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = to;
          for (const [key, value] of entries) form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: key, value }));
          document.body.append(form);
          form.submit();
        },
        [action, fields] as const,
      ),
    ]);
    return res;
  }

  it.each(readerPages)(
    'the $name page fits 320–1366 px without sideways scrolling, has the search box, no scripts, no other origin, and no axe-core violations',
    async ({ name, path, shows, status = 200, post, server: other }) => {
      const base = (other?.() ?? site).url;
      const page = await newTestPage(site.browser);
      const foreign: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol !== 'data:' && url.origin !== base) foreign.push(request.url());
      });
      for (const width of widths) {
        await page.setViewportSize({ width, height: 800 });
        const res = post ? await submitForm(page, base, path(), post) : await page.goto(base + path());
        expect(res?.status(), `${name} at ${width} px`).toBe(status);
        await expect.poll(() => page.locator('main').innerText()).toContain(shows);
        // Wait for fonts and images, which can widen a line or a box after the first paint.
        await page.waitForLoadState('load');
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        expect(await overflowing(page), `${name} at ${width} px`).toEqual({ scrolls: false, wide: [] });
        const search = page.locator('form[action="/search"][method="get" i] input[name="q"]');
        expect(await search.count(), `a search box on ${name} at ${width} px`).toBeGreaterThan(0);
        expect(await page.locator('script:not([type="application/ld+json"])').count(), `scripts on ${name}`).toBe(0);
        if (axeWidths.has(width)) {
          await page.screenshot({ path: join(screenshotDir('reader'), `${name.replaceAll(' ', '-')}-${width}.png`), fullPage: true });
          await expectNoAxeViolations(page);
        }
      }
      expect(foreign, `requests to another origin from ${name}`).toEqual([]);
      await page.context().close();
    },
    120_000,
  );

  it('serves every reader page kind as valid HTML (html-validate)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const problems: string[] = [];
    for (const { name, path, status = 200, post, server: other } of readerPages) {
      const base = (other?.() ?? site).url;
      const res = await fetch(base + path(), post ? { method: 'POST', body: new URLSearchParams(post), headers: { Origin: base } } : {});
      expect(res.status, name).toBe(status);
      const report = await validator.validateString(await res.text());
      problems.push(...report.results.flatMap((r) => r.messages.map((m) => `${name} ${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`)));
    }
    expect(problems).toEqual([]);
  });
});
