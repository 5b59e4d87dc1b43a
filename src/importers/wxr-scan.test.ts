import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { scanWxr, type WxrRecord } from './wxr-scan.js';

/** Every record, read to the end of the file. */
const recordsOf = (scan: { records: Iterable<WxrRecord> }) => [...scan.records];

const wxr = (items: string) =>
  `<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Site</title>\n<wp:author><wp:author_login>ann</wp:author_login></wp:author>\n${items}\n</channel>\n</rss>\n`;

describe('scanWxr', () => {
  it('keeps channel fields, authors, and each item with its categories and meta, CDATA and entities decoded', () => {
    const scan = scanWxr(
      wxr(`<item>\n<title>Fish &amp; chips</title><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>a < b</p>]]></content:encoded>
<category domain="post_tag" nicename="food"><![CDATA[Food]]></category><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta></item>`),
      'x.xml',
    );
    expect(recordsOf(scan)).toEqual([
      { kind: 'author', fields: { 'wp:author_login': 'ann' } },
      {
        kind: 'item',
        item: {
          line: 6,
          fields: { title: 'Fish & chips', 'content:encoded': '<p>a < b</p>' },
          categories: [{ domain: 'post_tag', nicename: 'food', name: 'Food' }],
          meta: [{ 'wp:meta_key': '_thumbnail_id', 'wp:meta_value': '9' }],
        },
      },
    ]);
    expect(scan.wordpressNamespace).toBe(true);
    expect(scan.channel.title).toBe('Site');
  });

  it('reads every well-formed document: self-closing elements, comments, processing instructions, CDATA anywhere, inner namespaces, entities', () => {
    const scan = scanWxr(
      `\ufeff<?xml version="1.0" encoding="UTF-8"?>
<!-- generator="WordPress/6.5" -->
<!DOCTYPE rss [ <!ENTITY house "The &#x4D;eridian"> ]>
<rss version="2.0">
<?wp-export sample="yes"?>
<channel xmlns:wordpress="http://wordpress.org/export/1.2/">
<title>&house; <![CDATA[& friends]]></title>
<wordpress:category><wordpress:category_nicename>news</wordpress:category_nicename><wordpress:category_parent/><wordpress:cat_name><!-- none -->News</wordpress:cat_name></wordpress:category>
<item><title>Caf&#233; <![CDATA[opens]]> &lt;today&gt;</title><wordpress:post_type>post</wordpress:post_type><excerpt:encoded xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"/><wordpress:post_parent/></item>
</channel>
</rss>`,
      'sample.xml',
    );
    expect(recordsOf(scan)).toEqual([
      { kind: 'category', fields: { 'wp:category_nicename': 'news', 'wp:category_parent': '', 'wp:cat_name': 'News' } },
      { kind: 'item', item: expect.objectContaining({ fields: { title: 'Café opens <today>', 'wp:post_type': 'post', 'excerpt:encoded': '', 'wp:post_parent': '' } }) },
    ]);
    expect(scan.rootName).toBe('rss');
    expect(scan.wordpressNamespace).toBe(true);
    expect(scan.channel.title).toBe('The Meridian & friends');
  });

  it('refuses what an XML parser refuses, naming the line', () => {
    const refused = (content: string) => {
      try {
        recordsOf(scanWxr(content, 'bad.xml'));
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused(wxr('<item>\n<title>One</titel>\n</item>'))).toMatch(/^bad\.xml: not well-formed XML at line 7: /);
    expect(refused('<rss><channel><item>')).toMatch(/^bad\.xml: not well-formed XML at line 1: unclosed tag: item/);
    expect(refused('\n just some words')).toMatch(/^bad\.xml: not well-formed XML at line 2: text before the root element/);
    expect(refused('<rss>\n<channel>\n<title>A &nbsp; B</title></channel></rss>')).toMatch(/^bad\.xml: not well-formed XML at line 3: undefined entity/);
    expect(refused('<rss>\n\n<wp:status>x</wp:status></rss>')).toMatch(/^bad\.xml: not well-formed XML at line 3: unbound namespace prefix/);
    expect(refused('<rss>\n<a b="1" b="2"/></rss>')).toMatch(/^bad\.xml: not well-formed XML at line 2: /);
    expect(refused('<rss></rss>\n<rss></rss>')).toMatch(/^bad\.xml: not well-formed XML at line 2: /);
  });

  it('gives the first items before the parser reaches the end of a large file', () => {
    const body = 'x'.repeat(2_000);
    const items = Array.from({ length: 400 }, (_, n) => `<item><title>Post ${n}</title><wp:post_name>${body}</wp:post_name></item>`).join('\n');
    const records = scanWxr(wxr(`${items}\n<item><title>Broken</titel></item>`), 'big.xml').records;
    expect(records.next().value).toEqual({ kind: 'author', fields: { 'wp:author_login': 'ann' } });
    expect(records.next().value).toMatchObject({ kind: 'item', item: { fields: { title: 'Post 0' } } });
    // The mistake at the end is met only when the reading gets there.
    expect(() => [...records]).toThrow(/^big\.xml: not well-formed XML at line 406: /);
  });
});
