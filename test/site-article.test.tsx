import { HtmlValidate } from 'html-validate';
import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Article } from '../src/content/article-store.js';
import { b, bodyText } from '../src/content/blocks.js';
import { newsletters as demoNewsletters } from '../src/demo/content/catalogue.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';
import { seedParts, seedText } from './support/seed.js';

const siteUrl = 'https://meridian.test';

const seed = seedParts();

function dom(html: string) {
  return parseHTML(html).document;
}

/** True when the elements appear in the document in the order given. */
function inDocumentOrder(doc: Document, elements: Element[]): boolean {
  const all = [...doc.querySelectorAll('*')];
  const at = elements.map((el) => all.indexOf(el));
  return at.every((n, i) => n >= 0 && (i === 0 || n > at[i - 1]!));
}

describeEachDatabase('article page', (fixture) => {
  // One app per database: each app subscribes its render cache to the services' change events.
  let instance: ReturnType<typeof createApp> | undefined;
  const app = () => (instance ??= createApp({ services: fixture().services, config: { siteName: 'The Meridian', timeZone: 'Europe/London', siteUrl } }));
  const page = async (path: string) => {
    const res = await app().request(path);
    expect(res.status).toBe(200);
    return res.text();
  };
  let article: Article;
  let relatedPath = '';
  let closelyRelatedPath = '';
  let unrelatedPath = '';

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    for (const [position, n] of demoNewsletters.entries()) await services.newsletters.upsert({ ...n, position });
    const summary = await services.imports.importDocuments([{ name: 'article.txt', content: seedText }]);
    const imported = (await services.articles.get(summary.articles[0]!.id))!;
    // The seed prints no topics: an editor accepts three of the suggested ones. The partner slot stays where the import put it.
    const accepted = imported.topics.filter((t) => t.suggested).slice(0, 3);
    expect(accepted).toHaveLength(3);
    // Those that were new to the newsroom are proposals: the editor accepts them as topics too.
    const editor = { id: 0, role: 'editor' as const, author_id: null };
    for (const t of accepted.filter((t) => !t.reviewed)) await services.topics.accept(editor, t.id);
    const reviewedAt = new Date(Date.parse(imported.publishedAt!) + 10 * 60_000).toISOString();
    article = await services.articles.update(imported.id, { topics: accepted.map((t) => t.slug) }, { at: reviewedAt });
    for (const [i, title] of seed.partnerTitles.entries()) {
      await publishedArticle(services, { headline: title, sponsor: `Partner ${i + 1}`, authors: [], topics: [accepted[0]!.slug] });
    }
    relatedPath = (await publishedArticle(services, { headline: 'A story sharing a topic', authors: [], topics: [accepted[1]!.slug] })).path;
    closelyRelatedPath = (
      await publishedArticle(services, { headline: 'A story sharing two topics', authors: [], topics: [accepted[1]!.slug, accepted[2]!.slug] }, { publishedAt: '2020-01-01T09:00:00.000Z' })
    ).path;
    unrelatedPath = (await publishedArticle(services, { headline: 'A story on something else', authors: [], topics: [] })).path;
  });

  it('imports the seed into clean body blocks: no page furniture leaks in', () => {
    const texts = article.body.map((b) => (b.type === 'paragraph' ? b.content.map((i) => i.text).join('') : `[${b.type}]`));
    expect(texts).toEqual(seed.paragraphs);
    const text = bodyText(article.body);
    for (const furniture of [seed.supportPrompt, 'Content from our partners', ...seed.partnerTitles, 'Tick the boxes', seed.topicsLabel]) {
      expect(text).not.toContain(furniture);
    }
    for (const sentence of seed.signupText.split(/(?<=\.) /).slice(1)) expect(text).not.toContain(sentence);
  });

  it('keeps the furniture it renders out of the body', async () => {
    const body = dom(await page(article.path)).querySelector('.article-body')!;
    body.querySelector('.partner-slot')!.remove();
    const text = body.textContent!;
    expect(text).toContain(seed.paragraphs[0]);
    for (const furniture of ['Support', 'Content from our partners', ...seed.partnerTitles, 'Sign up', 'Tick the boxes', seed.topicsLabel, ...demoNewsletters.map((n) => n.description)]) {
      expect(text).not.toContain(furniture);
    }
  });

  it("shows every element of the seed in the seed's order, with real markup", async () => {
    const doc = dom(await page(article.path));
    const support = doc.querySelector(`.support-prompt a[href="/support?from=${article.id}"]`)!;
    const kicker = doc.querySelector('article .kicker a[href="/world"]')!;
    const date = doc.querySelector('article header time')!;
    const h1s = doc.querySelectorAll('h1');
    const standfirst = doc.querySelector('article .standfirst')!;
    const byline = doc.querySelector('article .byline a[rel="author"]')!;
    const paragraphs = [...doc.querySelectorAll('.article-body > p')];
    const slot = doc.querySelector('.article-body > .partner-slot')!;
    const signup = doc.querySelector('form[method="post"][action="/newsletters/subscribe"]')!;
    const topics = doc.querySelector('article .topics')!;
    const related = doc.querySelector('.related')!;

    expect(kicker.textContent).toBe('World');
    expect(date.getAttribute('datetime')).toBe(article.publishedAt);
    expect(date.textContent).toBe('7 January 2022');
    expect(doc.querySelector('article header')!.textContent).not.toContain('Updated');
    expect(h1s).toHaveLength(1);
    expect(h1s[0]!.textContent).toBe(seed.headline);
    expect(standfirst.textContent).toBe(seed.standfirst);
    expect(byline.textContent).toBe(seed.author);
    expect(byline.getAttribute('href')).toBe('/author/ido-vock');
    expect(paragraphs.map((p) => p.textContent)).toEqual(seed.paragraphs);

    expect(
      inDocumentOrder(doc, [
        support,
        kicker,
        date,
        h1s[0]!,
        standfirst,
        byline,
        paragraphs[0]!,
        paragraphs[seed.paragraphsBeforePartners - 1]!,
        slot,
        paragraphs[seed.paragraphsBeforePartners]!,
        paragraphs.at(-1)!,
        signup,
        topics,
        related,
      ]),
    ).toBe(true);
  });

  it('fills the partner slot with three paid-for pieces linked rel="sponsored"', async () => {
    const slot = dom(await page(article.path)).querySelector('.partner-slot')!;
    expect(slot.querySelector('h2')!.textContent).toBe('Content from our partners');
    const pieces = [...slot.querySelectorAll('li')];
    expect(pieces).toHaveLength(3);
    expect(pieces.map((li) => li.querySelector('a[rel="sponsored"]')!.textContent).sort()).toEqual([...seed.partnerTitles].sort());
    for (const li of pieces) expect(li.querySelector('.paid-label')!.textContent).toMatch(/^Paid for by Partner \d$/);
  });

  it('offers one signup form: a checkbox per newsletter with name, description and cadence, one email field', async () => {
    const form = dom(await page(article.path)).querySelector('form[action="/newsletters/subscribe"]')!;
    const boxes = [...form.querySelectorAll('input[type="checkbox"][name="newsletter"]')];
    expect(boxes.map((b) => b.getAttribute('value'))).toEqual(demoNewsletters.map((n) => n.slug));
    for (const n of demoNewsletters) {
      const box = form.querySelector(`input[value="${n.slug}"]`)!;
      expect(form.querySelector(`label[for="${box.id}"]`)!.textContent).toBe(n.name);
      const about = form.querySelector(`#${box.getAttribute('aria-describedby')}`)!.textContent!;
      expect(about).toContain(n.description);
      expect(about).toContain(n.cadence?.label ?? 'Occasional');
    }
    expect(form.querySelectorAll('input[type="email"]')).toHaveLength(1);
    expect(form.querySelector('label[for="signup-email"]')).not.toBeNull();
  });

  it('stores a pending signup when the form is submitted', async () => {
    const body = new URLSearchParams([
      ['newsletter', demoNewsletters[0]!.slug],
      ['newsletter', demoNewsletters[2]!.slug],
      ['email', 'reader@example.org'],
    ]);
    const res = await app().request('/newsletters/subscribe', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: siteUrl },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Check your inbox');
    const rows = await fixture()
      .database.db.selectFrom('subscriptions')
      .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
      .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
      .select(['newsletters.slug', 'subscriptions.status'])
      .where('subscribers.email', '=', 'reader@example.org')
      .orderBy('newsletters.slug')
      .execute();
    expect(rows).toEqual(
      [demoNewsletters[0]!.slug, demoNewsletters[2]!.slug].sort().map((slug) => ({ slug, status: 'pending' })),
    );
  });

  it('links its topics to topic pages and lists related articles by shared topics', async () => {
    const doc = dom(await page(article.path));
    const topicLinks = [...doc.querySelectorAll('.topics a')];
    expect(topicLinks.map((a) => a.getAttribute('href'))).toEqual(article.topics.filter((t) => !t.suggested).map((t) => `/topic/${t.slug}`));
    expect(doc.querySelector('.topics h2')!.textContent).toBe(seed.topicsLabel);
    const relatedLinks = [...doc.querySelectorAll('.related a')].map((a) => a.getAttribute('href'));
    expect(relatedLinks[0]).toBe(closelyRelatedPath);
    expect(relatedLinks).toContain(relatedPath);
    expect(doc.querySelector('.related')!.textContent).not.toContain(seed.partnerTitles[0]);
    expect(relatedLinks).not.toContain(unrelatedPath);
    expect(relatedLinks).not.toContain(article.path);
  });

  it('describes itself to machines: JSON-LD NewsArticle, Open Graph, Twitter and a canonical link', async () => {
    const doc = dom(await page(article.path));
    const url = `${siteUrl}${article.path}`;
    expect(doc.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe(url);
    expect(doc.querySelector('h1')!.getAttribute('data-print-url')).toBe(url);
    const meta = (key: string) => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
    expect(meta('og:type')).toBe('article');
    expect(meta('og:title')).toBe(seed.headline);
    expect(meta('og:description')).toBe(seed.standfirst);
    expect(meta('og:url')).toBe(url);
    expect(meta('article:published_time')).toBe(article.publishedAt);
    // No picture of its own: the card drawn for it (test/site-share.test.tsx) is shared large.
    expect(meta('twitter:card')).toBe('summary_large_image');
    expect(meta('og:image')).toBe(`${siteUrl}/cards/${article.id}.png?v=${new URL(meta('og:image')!).searchParams.get('v')}`);
    expect(meta('twitter:title')).toBe(seed.headline);

    const graph = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!)['@graph'] as Array<Record<string, unknown>>;
    const news = graph.find((n) => n['@type'] === 'NewsArticle')!;
    const publisher = graph.find((n) => n['@type'] === 'NewsMediaOrganization')!;
    expect(news).toMatchObject({
      headline: seed.headline,
      description: seed.standfirst,
      datePublished: article.publishedAt,
      dateModified: article.updatedAt,
      author: [{ '@type': 'Person', name: seed.author, url: `${siteUrl}/author/ido-vock` }],
      publisher: { '@id': publisher['@id'] },
      articleSection: 'World',
      keywords: article.topics.filter((t) => !t.suggested).map((t) => t.name),
      isAccessibleForFree: true,
      mainEntityOfPage: url,
    });
    expect(publisher.name).toBe('The Meridian');
  });

  it('names an image for sharing when the article has one', async () => {
    const { services } = fixture();
    const a = await publishedArticle(services, { headline: 'With a picture', imageUrl: '/media/harbour.jpg' });
    const doc = dom(await page(a.path));
    expect(doc.querySelector('meta[property="og:image"]')!.getAttribute('content')).toBe(`${siteUrl}/media/harbour.jpg`);
    expect(doc.querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary_large_image');
    const news = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!)['@graph'][1];
    expect(news.image).toEqual([`${siteUrl}/media/harbour.jpg`]);
  });

  it('keeps hostile text inert in the JSON-LD and the meta tags', async () => {
    const { services } = fixture();
    const headline = 'Breaking </script><script>alert(1)</script> & "quotes"';
    const a = await publishedArticle(services, { headline, standfirst: '<img src=x onerror=alert(1)>' });
    const html = await page(a.path);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    const doc = dom(html);
    expect(doc.querySelectorAll('script')).toHaveLength(1);
    expect(JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!)['@graph'][1].headline).toBe(headline);
    expect(doc.querySelector('meta[property="og:title"]')!.getAttribute('content')).toBe(headline);
  });

  it('shows "Updated" with its time once an article is revised', async () => {
    const { services } = fixture();
    const a = await publishedArticle(services, { headline: 'A developing story' });
    const revised = await services.articles.update(a.id, { standfirst: 'Now with more detail.' }, { at: '2026-01-08T15:30:00.000Z' });
    const doc = dom(await page(revised.path));
    const times = [...doc.querySelectorAll('article header .dateline time')];
    expect(times.map((t) => t.getAttribute('datetime'))).toEqual(['2026-01-07T09:00:00.000Z', '2026-01-08T15:30:00.000Z']);
    expect(doc.querySelector('article header .dateline')!.textContent).toMatch(/^7 January 2026 · Updated 8 January 2026\D+15:30 · 1 min read$/);
  });

  it('is valid HTML, as is /support', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    for (const path of [article.path, '/support']) {
      const report = await validator.validateString(await page(path));
      const problems = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (column ${m.column})`));
      expect(problems, path).toEqual([]);
    }
  });

  it('renders every kind of body block as valid HTML', async () => {
    const { services } = fixture();
    const a = await publishedArticle(services, {
      headline: 'Every block',
      body: [
        b.p('Opening.'),
        b.h2('A heading'),
        b.quote('Said aloud.', 'A speaker'),
        b.pullquote('Worth repeating.'),
        b.list(['One', 'Two'], true),
        { type: 'image', src: '/media/pier.jpg', alt: 'A pier at dusk', caption: 'The pier', credit: 'Photo: A. Lens', width: 1600, height: 900 },
        { type: 'embed', url: 'https://video.example/watch/1', title: 'A video', provider: 'Video' },
        { type: 'note', kind: 'correction', date: '2026-01-08', text: 'An earlier version misspelt a name.' },
        b.divider(),
        b.p('Closing.'),
      ],
    });
    const html = await page(a.path);
    const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    const body = dom(html).querySelector('.article-body')!;
    expect([...body.children].map((el) => el.tagName.toLowerCase())).toEqual(['p', 'h2', 'figure', 'figure', 'ol', 'figure', 'figure', 'aside', 'hr', 'p', 'section']);
    expect(body.querySelector('.pullquote')!.getAttribute('aria-hidden')).toBe('true');
    expect(body.querySelector('img')!.getAttribute('alt')).toBe('A pier at dusk');
  });

  it('explains membership and donations at /support', async () => {
    const doc = dom(await page('/support'));
    expect(doc.querySelector('h1')!.textContent).toBe('Support The Meridian');
    const headings = [...doc.querySelectorAll('main h2')].map((h) => h.textContent);
    expect(headings).toEqual(expect.arrayContaining(['Become a member', 'Make a donation']));
    expect(doc.querySelector('main')!.textContent).toMatch(/monthly or yearly/);
    expect(doc.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe(`${siteUrl}/support`);
  });
});
