import { HtmlValidate } from 'html-validate';
import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Services } from '../src/services.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, publishedSeries, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };

const texts = (doc: Document, selector: string) => [...doc.querySelectorAll(selector)].map((e) => e.textContent?.trim() ?? '');
const hrefs = (doc: Document, selector: string) => [...doc.querySelectorAll(selector)].map((e) => e.getAttribute('href'));

describeEachDatabase('reader fronts and archive', (fixture) => {
  const app = (services: Services = fixture().services) => createApp({ services, config });

  async function get(url: string, status = 200) {
    const res = await app().request(url);
    const html = await res.text();
    expect(res.status, `${url} answered ${res.status}`).toBe(status);
    return parseHTML(html).document as unknown as Document;
  }

  let lead = { path: '', headline: '' };
  let politicsSeries: Array<{ path: string; headline: string }> = [];

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await services.taxonomy.upsertPrintIssue({ number: 42, date: '2026-01-09', title: 'The year ahead', coverUrl: '/media/cover-42.jpg' });
    await services.taxonomy.upsertAuthor({ slug: 'ben-writer', name: 'Ben Writer', bio: 'Writes on politics.', photoUrl: '/media/ben.jpg' });
    await services.taxonomy.upsertTopic({ slug: 'odd', name: '<b>Fish & "chips"</b>' });

    // 23 politics pieces in March 2025: a front, topic, author and archive month longer than one page.
    politicsSeries = await publishedSeries(services, 23, { section: 'politics', authors: ['ben-writer'], topics: ['elections'] });
    await publishedArticle(services, { section: 'world', slug: 'general-strike', headline: 'The general strike begins' }, { publishedAt: '1926-05-04T08:00:00.000Z' });
    await publishedArticle(services, { section: 'world', slug: 'in-the-issue', headline: 'Printed in issue 42', printIssue: 42, topics: ['odd'] }, {
      publishedAt: '2026-01-08T09:00:00.000Z',
    });
    await publishedArticle(services, { section: 'world', headline: 'Sponsored words', sponsor: 'Acme' }, { publishedAt: '2026-01-10T09:00:00.000Z' });
    const newest = await publishedArticle(services, { section: 'world', headline: 'The lead story of the day' }, { publishedAt: '2026-01-09T12:00:00.000Z' });
    lead = newest;
    await services.articles.create({ headline: 'A draft nobody sees', section: 'world', body: [] });
  });

  it('home: the lead story, a rail per section and the latest print issue', async () => {
    const doc = await get('/');
    expect(texts(doc, '.lead h2')).toEqual(['The lead story of the day']);
    expect(hrefs(doc, '.lead h2 a')).toEqual([lead.path]);
    expect(texts(doc, '.rail > h2')).toEqual(['Politics', 'World']);
    const politicsRail = texts(doc, '#rail-politics ~ article h3');
    expect(politicsRail).toHaveLength(4);
    // The top slots (the lead and five more, newest first) take the four newest politics pieces; the rail does not repeat them.
    expect(texts(doc, '.top-stories h3')).toEqual(['Printed in issue 42', ...[22, 21, 20, 19].map((i) => politicsSeries[i]!.headline)]);
    expect(politicsRail[0]).toBe(politicsSeries[18]!.headline);
    expect(texts(doc, '.rail h3')).not.toContain('The lead story of the day');
    expect(texts(doc, '.rail h3')).not.toContain('Sponsored words');
    expect(texts(doc, 'main')).not.toContain('A draft nobody sees');
    expect(texts(doc, '.latest-issue h3')).toEqual(['Issue 42: The year ahead']);
    expect(hrefs(doc, '.latest-issue h3 a')).toEqual(['/issue/42']);
    expect(doc.querySelector('.latest-issue img')?.getAttribute('alt')).toBe('Cover of issue 42');
    expect(hrefs(doc, 'link[rel=alternate]')).toEqual(['/feed']);
    expect(hrefs(doc, 'link[rel=canonical]')).toEqual(['http://localhost/']);
    expect(doc.querySelector('meta[property="og:url"]')?.getAttribute('content')).toBe('http://localhost/');
  });

  it('section front: newest first, paginated with rel prev/next', async () => {
    const first = await get('/politics');
    expect(texts(first, 'h1')).toEqual(['Politics']);
    const headlines = texts(first, 'main article h2');
    expect(headlines).toHaveLength(20);
    expect(headlines[0]).toBe(politicsSeries[22]!.headline);
    expect(hrefs(first, 'head link[rel=next]')).toEqual(['/politics?page=2']);
    expect(hrefs(first, 'head link[rel=prev]')).toEqual([]);
    expect(hrefs(first, '.pagination a[rel=next]')).toEqual(['/politics?page=2']);

    const second = await get('/politics?page=2');
    expect(texts(second, 'main article h2')).toEqual([politicsSeries[2]!.headline, politicsSeries[1]!.headline, politicsSeries[0]!.headline]);
    expect(hrefs(second, 'head link[rel=prev]')).toEqual(['/politics']);
    expect(hrefs(second, 'head link[rel=next]')).toEqual([]);
    expect(texts(second, 'title')[0]).toContain('page 2');
    expect(hrefs(second, 'link[rel=canonical]')).toEqual(['http://localhost/politics?page=2']);
    expect(hrefs(second, 'link[rel=alternate]')).toEqual(['/politics/feed']);

    await get('/politics?page=3', 404);
    await get('/politics?page=abc', 404);
  });

  it('topic page: its articles, paginated, with the name escaped', async () => {
    const doc = await get('/topic/elections');
    expect(texts(doc, 'h1')).toEqual(['Elections']);
    expect(texts(doc, 'main article h2')).toHaveLength(20);
    expect(hrefs(doc, 'head link[rel=next]')).toEqual(['/topic/elections?page=2']);
    expect(texts(await get('/topic/elections?page=2'), 'main article h2')).toHaveLength(3);

    const res = await app().request('/topic/odd');
    const html = await res.text();
    expect(html).toMatch(/<h1[^>]*>&lt;b&gt;Fish &amp; &quot;chips&quot;&lt;\/b&gt;<\/h1>/);
    expect(html).not.toContain('<b>Fish');
    expect(texts(parseHTML(html).document as unknown as Document, 'main article h2')).toEqual(['Printed in issue 42']);
  });

  it('author page: photo, bio and their articles, paginated', async () => {
    const doc = await get('/author/ben-writer');
    expect(texts(doc, 'h1')).toEqual(['Ben Writer']);
    expect(texts(doc, '.author-bio')).toEqual(['Writes on politics.']);
    const photo = doc.querySelector('.author-profile img');
    expect(photo?.getAttribute('src')).toBe('/media/ben.jpg');
    expect(photo?.getAttribute('alt')).toBe('');
    expect(texts(doc, 'main article h3')).toHaveLength(20);
    expect(hrefs(doc, '.pagination a[rel=next]')).toEqual(['/author/ben-writer?page=2']);
    const second = await get('/author/ben-writer?page=2');
    expect(texts(second, 'main article h3')).toHaveLength(3);
    expect(hrefs(second, '.pagination a[rel=prev]')).toEqual(['/author/ben-writer']);
  });

  it('print issue page: cover, date and contents', async () => {
    const doc = await get('/issue/42');
    expect(texts(doc, 'h1')).toEqual(['Issue 42: The year ahead']);
    expect(doc.querySelector('time')?.getAttribute('datetime')).toBe('2026-01-09');
    expect(texts(doc, '.issue-header time')).toEqual(['9 January 2026']);
    expect(doc.querySelector('.issue-header img')?.getAttribute('src')).toBe('/media/cover-42.jpg');
    expect(texts(doc, '.issue-contents article h3')).toEqual(['Printed in issue 42']);
    expect(hrefs(doc, 'link[rel=canonical]')).toEqual(['http://localhost/issue/42']);
    expect(hrefs(doc, 'nav[aria-label="Other issues"] a')).toEqual([]);

    await fixture().services.taxonomy.upsertPrintIssue({ number: 41, date: '2026-01-02', title: 'New year' });
    await fixture().services.taxonomy.upsertPrintIssue({ number: 45, date: '2026-01-30' });
    const linked = await get('/issue/42');
    expect(texts(linked, 'nav[aria-label="Other issues"] a')).toEqual(['Previous issue: Issue 41: New year', 'Next issue: Issue 45']);
    expect(hrefs(linked, 'nav[aria-label="Other issues"] a')).toEqual(['/issue/41', '/issue/45']);
  });

  it('archive: years by decade with counts, a year by month, a month by day', async () => {
    const archive = await get('/archive');
    expect(texts(archive, '.archive-decade h2')).toEqual(['The 2020s', 'The 1920s']);
    expect(texts(archive, '.archive-years li')).toEqual(['2026 3 articles', '2025 23 articles', '1926 1 article']);
    expect(hrefs(archive, '.archive-years a')).toEqual(['/archive/2026', '/archive/2025', '/archive/1926']);

    const year = await get('/archive/2025');
    expect(texts(year, 'h1')).toEqual(['2025']);
    expect(hrefs(year, '.archive-months a')).toEqual(['/archive/2025/03']);
    expect(texts(year, '.archive-months li')).toContain('March 23 articles');
    expect(texts(year, '.archive-months li')).toContain('April 0 articles');

    const issues = await get('/archive/2026');
    expect(hrefs(issues, '#archive-issues ~ article a')).toContain('/issue/42');
    expect(texts(issues, '#archive-issues ~ article time')).toContain('9 January 2026');

    const month = await get('/archive/2025/03');
    expect(texts(month, 'h1')).toEqual(['March 2025']);
    expect(texts(month, '.archive-day h2')[0]).toBe('1 March 2025');
    expect(month.querySelector('.archive-day time')?.getAttribute('datetime')).toBe('2025-03-01');
    expect(texts(month, '.archive-day article h3')[0]).toBe(politicsSeries[0]!.headline);
    expect(texts(month, '.archive-day article h3')).toHaveLength(23);

    expect(hrefs(month, 'link[rel=canonical]')).toEqual(['http://localhost/archive/2025/03']);

    const century = await get('/archive/1926/05');
    expect(texts(century, 'main article h3')).toEqual(['The general strike begins']);
  });

  it('every page is valid HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const pages = ['/', '/politics', '/politics?page=2', '/topic/elections', '/topic/odd', '/author/ben-writer', '/issue/42', '/archive', '/archive/2025', '/archive/2026', '/archive/2025/03', '/topic/no-such'];
    for (const url of pages) {
      const report = await validator.validateString(await (await app().request(url)).text());
      const problems = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`));
      expect(problems).toEqual([]);
    }
  });

  it('answers 404 for an unknown topic, author, issue, year or month', async () => {
    for (const url of ['/topic/no-such', '/author/nobody', '/issue/999', '/archive/2024', '/archive/2025/04', '/archive/2025/13', '/archive/1926/05?page=2']) {
      const doc = await get(url, 404);
      expect(texts(doc, 'h1')).toEqual(['Page not found']);
    }
  });

  it('the 404 page helps the reader on: search, sections and the latest stories', async () => {
    const doc = await get('/topic/no-such', 404);
    expect(doc.querySelector('form[role=search]')?.getAttribute('action')).toBe('/search');
    expect(hrefs(doc, '.error-page nav a')).toEqual(['/politics', '/world']);
    expect(texts(doc, '#error-latest ~ ul a')[0]).toBe('The lead story of the day');
  });
});

describeEachDatabase('front hierarchy', (fixture) => {
  const get = async (url: string) => {
    const res = await createApp({ services: fixture().services, config }).request(url);
    expect(res.status, url).toBe(200);
    return parseHTML(await res.text()).document as unknown as Document;
  };
  let world: Array<{ id: number; headline: string }> = [];
  let politics: Array<{ id: number; headline: string }> = [];

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await services.taxonomy.upsertSection({ slug: 'ideas', name: 'Ideas', description: 'Arguments.' });
    await services.taxonomy.upsertAuthor({ slug: 'cleo-thinker', name: 'Cleo Thinker', bio: 'Writes essays.', photoUrl: '/media/cleo.jpg' });
    world = await publishedSeries(services, 8, { section: 'world' }, '2026-01-01T09:00:00.000Z');
    politics = await publishedSeries(services, 25, { section: 'politics', authors: ['ben-writer'] });
    await publishedArticle(services, { section: 'ideas', headline: 'In defence of boredom', authors: ['cleo-thinker'] }, { publishedAt: '2024-05-01T09:00:00.000Z' });
    await publishedArticle(services, { section: 'ideas', headline: 'The case for reading aloud', authors: ['ada-reporter'] }, { publishedAt: '2024-04-01T09:00:00.000Z' });
  });

  it('home: the lead beside the other top slots, rails without their own kicker, an opinion rail with writers\' photos, the newsletters promoted', async () => {
    const doc = await get('/');
    expect(texts(doc, '.front-top > .lead h2')).toEqual([world[7]!.headline]);
    expect(texts(doc, '.front-top > .top-stories article h3')).toEqual([6, 5, 4, 3, 2].map((i) => world[i]!.headline));
    // In the mixed top stories each piece says its section; inside a section's own rail it would only repeat the rail's name.
    expect(texts(doc, '.top-stories .kicker')).toEqual(Array(5).fill('World'));
    expect(texts(doc, '.front-rails .rail > h2')).toEqual(['Politics', 'World']);
    expect(doc.querySelectorAll('.front-rails .kicker')).toHaveLength(0);
    expect(texts(doc, '.front-rails #rail-politics ~ article h3')).toEqual([24, 23, 22, 21].map((i) => politics[i]!.headline));

    // Ideas is opinion (src/site/opinion.ts): its own rail, each piece under its writer's photo, or initials without one.
    expect(texts(doc, '.opinion-rail > h2')).toEqual(['Ideas']);
    expect(hrefs(doc, '.opinion-rail > h2 a')).toEqual(['/ideas']);
    expect(texts(doc, '.opinion-card h3')).toEqual(['In defence of boredom', 'The case for reading aloud']);
    expect(texts(doc, '.opinion-card .writer-name')).toEqual(['Cleo Thinker', 'Ada Reporter']);
    const photo = doc.querySelector('.opinion-card img.writer-photo');
    expect(photo?.getAttribute('src')).toBe('/media/cleo.jpg');
    expect(photo?.getAttribute('alt')).toBe('');
    expect(texts(doc, '.opinion-card .writer-initials')).toEqual(['AR']);

    expect(hrefs(doc, '.newsletter-promo a')).toEqual(['/newsletters']);
  });

  it('section front: the lead, the rest of the top slots, then the list; later pages are the list alone', async () => {
    const first = await get('/politics');
    expect(texts(first, '.section-top .lead h2')).toEqual([politics[24]!.headline]);
    expect(texts(first, '.section-top .top-stories h2')).toEqual([23, 22, 21, 20, 19].map((i) => politics[i]!.headline));
    expect(texts(first, '.front-list h2')).toHaveLength(14);
    expect(texts(first, '.front-list h2')[0]).toBe(politics[18]!.headline);
    expect(first.querySelectorAll('main .kicker')).toHaveLength(0);
    // The home page one level down: its newsletter promotion too, on the first page.
    expect(hrefs(first, '.newsletter-promo a')).toEqual(['/newsletters']);

    const second = await get('/politics?page=2');
    expect(second.querySelector('.section-top')).toBeNull();
    expect(second.querySelector('.newsletter-promo')).toBeNull();
    expect(texts(second, '.front-list h2')).toEqual([4, 3, 2, 1, 0].map((i) => politics[i]!.headline));
  });

  it('an editor\'s pinned lead leads both fronts, large', async () => {
    const { services } = fixture();
    const politicsId = (await services.taxonomy.findSection('politics'))!.id;
    const pinnedAt = new Date().toISOString();
    await services.database.db
      .insertInto('front_pins')
      .values([
        { front: 'home', slot: 1, article_id: politics[0]!.id, expires_at: null, pinned_by: null, pinned_at: pinnedAt },
        { front: `section:${politicsId}`, slot: 1, article_id: politics[1]!.id, expires_at: null, pinned_by: null, pinned_at: pinnedAt },
      ])
      .execute();
    expect(texts(await get('/'), '.lead h2')).toEqual([politics[0]!.headline]);
    expect(texts(await get('/politics'), '.lead h2')).toEqual([politics[1]!.headline]);
    await services.database.db.deleteFrom('front_pins').execute();
  });

  it('both fronts, opinion rail and all, are valid HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    for (const url of ['/', '/politics']) {
      const report = await validator.validateString(await (await createApp({ services: fixture().services, config }).request(url)).text());
      expect(report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.ruleId}: ${m.message}`))).toEqual([]);
    }
  });
});

describeEachDatabase('reader error page', (fixture) => {
  it('a failure shows a 500 page with a way on and no internals', async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    const broken = { ...services, taxonomy: { ...services.taxonomy, findTopic: () => Promise.reject(new Error('secret internals')) } } as Services;
    const res = await createApp({ services: broken, config }).request('/topic/anything');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Something went wrong');
    expect(html).toContain('action="/search"');
    expect(html).toContain('href="/world"');
    expect(html).not.toContain('secret internals');
  });
});
