import { describe, expect, it } from 'vitest';
import { countPosts, readWxr } from './wxr.js';

const context = { name: 'site.xml', timeZone: 'Europe/London' };
const channel = (items: string) =>
  `<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n<wp:base_site_url>https://site.example</wp:base_site_url>\n` +
  `<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name>Ann Jones</wp:author_display_name></wp:author>\n${items}\n</channel>\n</rss>\n`;
/** A published post; long enough that a few hundred of them span several of the reader's chunks. */
const post = (id: number, extra = '') =>
  `<item><title>Post ${id}</title><dc:creator>ann</dc:creator><wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2024-02-13 18:20:00</wp:post_date_gmt>` +
  `<wp:status>publish</wp:status><wp:post_type><![CDATA[post]]></wp:post_type><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">${'Words. '.repeat(300)}</content:encoded>${extra}</item>`;
const thumbnail = (id: number) => `<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${id}</wp:meta_value></wp:postmeta>`;
const attachment = (id: number) =>
  `<item><title>photo.jpg</title><wp:post_id>${id}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://site.example/photo-${id}.jpg</wp:attachment_url></item>`;
const posts = (from: number, count: number) => Array.from({ length: count }, (_, n) => post(from + n)).join('\n');

describe('readWxr', () => {
  it('passes a post on once its featured image is read, keeping the file order', () => {
    const parsed = readWxr(channel(`${post(1, thumbnail(900))}\n${posts(2, 300)}\n${attachment(900)}\n${post(302)}`), context);
    const articles = [...parsed.articles];
    expect(articles.map((a) => a.headline)).toEqual(Array.from({ length: 302 }, (_, n) => `Post ${n + 1}`));
    expect(articles[0]).toMatchObject({ imageUrl: 'https://site.example/photo-900.jpg', authors: [{ name: 'Ann Jones' }] });
    expect(articles[1]!.imageUrl).toBeNull();
    expect(parsed.skipped).toEqual([{ name: 'item 302 (line 307) "photo.jpg"', reason: 'an attachment (media library item)' }]);
  });

  it('gives the first posts while the rest of the file is still unread, and holds back a post whose image is not read yet', () => {
    const brokenEnd = '<item><title>Broken</titel></item>';
    const streaming = readWxr(channel(`${posts(1, 300)}\n${brokenEnd}`), context).articles[Symbol.iterator]();
    expect(streaming.next().value).toMatchObject({ headline: 'Post 1' });

    const waiting = readWxr(channel(`${post(1, thumbnail(900))}\n${posts(2, 300)}\n${brokenEnd}`), context).articles[Symbol.iterator]();
    expect(() => waiting.next()).toThrow(/^site\.xml: not well-formed XML at line 307: /);
  });

  it('keeps the first of two entries with one name, whenever the posts that use it are read', () => {
    const again = `<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name>Someone Else</wp:author_display_name></wp:author>`;
    const articles = [...readWxr(channel(`${post(1)}\n${again}\n${post(2)}`), context).articles];
    expect(articles.map((a) => a.authors[0]!.name)).toEqual(['Ann Jones', 'Ann Jones']);
  });

  it('refuses a file without the WordPress namespace, having passed on nothing', () => {
    const rss = `<rss><channel><item><title>A story</title></item></channel></rss>`;
    expect(() => [...readWxr(rss, context).articles]).toThrow(/^site\.xml: not a WordPress export/);
  });
});

describe('countPosts', () => {
  it('counts the items less those of another type, however the type is written', () => {
    const items = [
      '<item><wp:post_type>post</wp:post_type></item>',
      '<item>\n<wp:post_type><![CDATA[post]]></wp:post_type></item>',
      '<item><wp:post_type> <![CDATA[ post ]]> </wp:post_type></item>',
      '<item ><title>No type is a post</title></item>',
      '<item><wp:post_type><![CDATA[attachment]]></wp:post_type></item>',
      '<item><wp:post_type>postcard</wp:post_type></item>',
      '<item><wordpress:post_type>page</wordpress:post_type></item>',
      '<itemised>not an item</itemised>',
    ];
    expect(countPosts(items.join('\n'))).toBe(4);
  });
});
