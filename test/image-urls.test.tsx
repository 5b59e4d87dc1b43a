import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { b, type Block } from '../src/content/blocks.js';
import { adminPost, createAdminTestApp, signIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, publishedArticle, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'https://gazette.example' };
const rule = /must be a web address \(https:\/\/…\) or a path on this site/;

/** Stored URLs the rule refuses, as an old import or a hand edit of the database leaves them. */
const brokenUrls = ['http://[', '//h/x', '/\\h', 'javascript:alert(1)', 'data:image/png;base64,AAAA', '__GHOST_URL__/content/images/x.jpg'];

const linkBlock = (href: string): Block => ({ type: 'paragraph', content: [{ text: 'a link', href }] });

describeEachDatabase('image and link URLs', (fixture) => {
  beforeAll(async () => {
    await seedNewsroom(fixture().services);
  });

  it('saving an article refuses a feature image, body image or body link that is not http(s) or a site path, naming the field', async () => {
    const { articles } = fixture().services;
    for (const url of brokenUrls) {
      await expect(articles.create(articleInput({ imageUrl: url })), url).rejects.toThrow(new RegExp(`imageUrl: ${rule.source}`));
      await expect(articles.create(articleInput({ body: [b.p('Text.'), b.image(url, 'A photo')] })), url).rejects.toThrow(new RegExp(`body\\.1\\.src: ${rule.source}`));
    }
    for (const href of ['//evil.example/', '/\\evil.example/', 'javascript:alert(1)']) {
      await expect(articles.create(articleInput({ body: [linkBlock(href)] })), href).rejects.toThrow(/body\.0\.content\.0\.href: must be a web address/);
    }
    const ok = await articles.create(articleInput({ imageUrl: 'https://cdn.example/a.jpg', body: [linkBlock('/world'), b.image('/media/a.jpg', 'A photo')] }));
    expect(ok.imageUrl).toBe('https://cdn.example/a.jpg');
  });

  it('profile images and print-issue covers refuse javascript:, data: and other hosts posing as site paths, in the service and the newsroom', async () => {
    const { services } = fixture();
    for (const url of brokenUrls) {
      await expect(services.taxonomy.upsertAuthor({ slug: 'cy', name: 'Cy', photoUrl: url }), url).rejects.toThrow(new RegExp(`photoUrl: ${rule.source}`));
      await expect(services.taxonomy.upsertPrintIssue({ number: 7, date: '2026-01-02', coverUrl: url }), url).rejects.toThrow(new RegExp(`coverUrl: ${rule.source}`));
    }
    const app = createAdminTestApp(services);
    const editor = await signIn(app, services, 'editor');
    for (const url of ['data:image/svg+xml,<svg onload=alert(1)>', '//evil.example/cover.jpg', '/\\evil.example/cover.jpg']) {
      const cover = await adminPost(app, editor, '/admin/print-issues', { number: 8, date: '2026-01-16', title: 'Spring', coverUrl: url });
      expect(cover.status, url).toBe(422);
      expect(await cover.text()).toMatch(/Cover image URL must be a web address/);
      const photo = await adminPost(app, editor, '/admin/authors', { name: 'Dee Writer', photoUrl: url });
      expect(photo.status, url).toBe(422);
      expect(await photo.text()).toMatch(/Photo URL must be a web address/);
    }
    const db = services.database.db;
    expect(await db.selectFrom('print_issues').select('id').where('number', '=', 8).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('authors').select('id').where('slug', '=', 'dee-writer').executeTakeFirst()).toBeUndefined();
    expect((await adminPost(app, editor, '/admin/print-issues', { number: 8, date: '2026-01-16', title: 'Spring', coverUrl: '/media/cover.jpg' })).status).toBe(303);
  });

  it('a bad URL already stored drops that image (and its og:image), never the page or the feed', async () => {
    const { services } = fixture();
    const db = services.database.db;
    const article = await publishedArticle(services, { headline: 'Pictures at an exhibition', printIssue: 42, body: [b.p('Opening words.'), b.image('/media/good.jpg', 'A good photo')] });
    for (const url of brokenUrls) {
      const body: Block[] = [
        linkBlock(url),
        b.image(url, 'Broken photo', 'A caption'),
        { type: 'image', src: '/media/fine.jpg', alt: 'Fine photo', sources: [{ src: url, width: 640 }, { src: '/media/fine-320.jpg', width: 320 }] },
        { type: 'embed', url, title: 'An embed' },
      ];
      await db.updateTable('articles').set({ image_url: url, body: JSON.stringify(body) }).where('id', '=', article.id).execute();
      await db.updateTable('authors').set({ photo_url: url }).where('slug', '=', 'ada-reporter').execute();
      await db.updateTable('print_issues').set({ cover_url: url }).where('number', '=', 42).execute();
      const app = createApp({ services, config });
      const get = async (path: string) => {
        const res = await app.request(path);
        expect(res.status, `${path} with ${url}`).toBe(200);
        const text = await res.text();
        expect(text, `${path} with ${url}`).not.toContain(url.replace(/&/g, '&amp;'));
        return text;
      };

      const page = parseHTML(await get(article.path)).document;
      // The share card passes over the bad feature and body images to the first good one.
      expect(page.querySelector('meta[property="og:image"]')?.getAttribute('content'), url).toBe('https://gazette.example/media/fine.jpg');
      expect([...page.querySelectorAll('.article-body img')].map((img) => img.getAttribute('alt'))).toEqual(['Fine photo']);
      expect(page.querySelector('.article-body img')?.getAttribute('srcset')).toBe('/media/fine-320.jpg 320w');
      expect(page.querySelector('.article-body p')?.textContent).toContain('a link');
      expect(page.querySelector('.article-body p a')).toBeNull();
      expect(page.querySelector('.article-body .embed')?.textContent).toContain('An embed');
      const graph = JSON.parse(page.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}')['@graph'];
      expect(graph[1].image).toEqual(['https://gazette.example/media/fine.jpg']);
      expect(graph[1].author[0].image).toBeUndefined();

      for (const feed of ['/feed', '/world/feed', '/author/ada-reporter/feed', '/topic/russia/feed']) {
        const xml = await get(feed);
        expect(xml).toContain('Pictures at an exhibition');
        expect(xml).not.toContain('<enclosure');
      }
      for (const path of ['/author/ada-reporter', '/issue/42', '/', '/archive', '/archive/2026']) {
        expect(parseHTML(await get(path)).document.querySelectorAll('img.author-photo, img[alt="Cover of issue 42"]')).toHaveLength(0);
      }
    }
  });

  it('a good stored image is absolute in the feed and the share card', async () => {
    const { services } = fixture();
    const article = await publishedArticle(services, { headline: 'A picture desk', imageUrl: '/media/desk.jpg' });
    const app = createApp({ services, config });
    const page = parseHTML(await (await app.request(article.path)).text()).document;
    expect(page.querySelector('meta[property="og:image"]')?.getAttribute('content')).toBe('https://gazette.example/media/desk.jpg');
    expect(await (await app.request('/feed')).text()).toContain('<enclosure url="https://gazette.example/media/desk.jpg"');
  });
});
