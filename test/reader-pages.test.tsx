import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { b } from '../src/content/blocks.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

describeEachDatabase('reader pages', (fixture) => {
  const app = () => createApp({ services: fixture().services, config: { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });
  let path = '';

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    const article = await publishedArticle(services, {
      slug: 'the-test-story',
      headline: 'A <script>alert(1)</script> headline',
      standfirst: 'What happened, in one sentence.',
      authors: ['ada-reporter', 'ben-writer'],
      topics: ['russia', 'elections'],
      body: [b.p('Opening paragraph.'), b.h2('A subheading'), b.quote('Words said aloud.', 'A speaker'), b.p('Closing paragraph.')],
    });
    path = article.path;
  });

  it('renders every field of an article page and escapes what it prints', async () => {
    const res = await app().request(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('>A &lt;script&gt;alert(1)&lt;/script&gt; headline</h1>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<a href="/world">World</a>');
    expect(html).toContain('<time datetime="2026-01-07T09:00:00.000Z">7 January 2026</time>');
    expect(html).toContain('What happened, in one sentence.');
    expect(html).toMatch(/By <a href="\/author\/ada-reporter" rel="author">Ada Reporter<\/a> and <a href="\/author\/ben-writer" rel="author">Ben Writer<\/a>/);
    expect(html).toContain('<p>Opening paragraph.</p><h2>A subheading</h2>');
    expect(html).toContain('<figcaption>A speaker</figcaption>');
    expect(html).toContain('<a href="/topic/elections">Elections</a>');
    expect(html).toContain('href="/support"');
  });

  it('sends secure headers', async () => {
    const res = await app().request(path);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('shows the article on the home page and its section front', async () => {
    for (const url of ['/', '/world']) {
      const html = await (await app().request(url)).text();
      expect(html).toContain(`href="${path}"`);
    }
  });

  it('answers a helpful 404 for unknown pages and sections', async () => {
    for (const url of ['/no-such-section', '/world/2026/01/no-such-story']) {
      const res = await app().request(url);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('Page not found');
      expect(html).toContain('action="/search"');
    }
  });

  it('redirects an old slug with a 301', async () => {
    const { services } = fixture();
    const a = await publishedArticle(services, { slug: 'old-slug' });
    await services.articles.update(a.id, { slug: 'new-slug' });
    const res = await app().request('/world/2026/01/old-slug');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/world/2026/01/new-slug');
  });

  it('does not show drafts or unpublished articles', async () => {
    const { services } = fixture();
    const a = await publishedArticle(services, { slug: 'soon-gone' });
    expect((await app().request(a.path)).status).toBe(200);
    await services.articles.unpublish(a.id);
    expect((await app().request(a.path)).status).toBe(404);
  });
});
