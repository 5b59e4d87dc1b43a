import { describe, expect, it } from 'vitest';
import { scanWxr } from './wxr-scan.js';

const wxr = (items: string) =>
  `<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Site</title>\n<wp:author><wp:author_login>ann</wp:author_login></wp:author>\n${items}\n</channel>\n</rss>\n`;

describe('scanWxr', () => {
  it('keeps channel fields, authors, and each item with its categories and meta, CDATA and entities decoded', () => {
    const scan = scanWxr(
      wxr(`<item>\n<title>Fish &amp; chips</title><content:encoded><![CDATA[<p>a < b</p>]]></content:encoded>
<category domain="post_tag" nicename="food"><![CDATA[Food]]></category><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta></item>`),
      'x.xml',
    );
    expect(scan.rootAttributes['xmlns:wp']).toBe('http://wordpress.org/export/1.2/');
    expect(scan.channel.title).toBe('Site');
    expect(scan.authors).toEqual([{ 'wp:author_login': 'ann' }]);
    expect(scan.items).toEqual([
      {
        line: 6,
        fields: { title: 'Fish & chips', 'content:encoded': '<p>a < b</p>' },
        categories: [{ domain: 'post_tag', nicename: 'food', name: 'Food' }],
        meta: [{ 'wp:meta_key': '_thumbnail_id', 'wp:meta_value': '9' }],
      },
    ]);
  });

  it('names the line of a tag closed out of order or left open', () => {
    expect(() => scanWxr(wxr('<item>\n<title>One</titel>\n</item>'), 'bad.xml')).toThrow('bad.xml: not well-formed XML at line 8: <title> opened at line 7 is still open where its parent closes');
    expect(() => scanWxr('<rss><channel><item>', 'cut.xml')).toThrow('cut.xml: not well-formed XML at line 1: <item> opened at line 1 is still open at the end of the file');
    expect(() => scanWxr('just some words', 'words.xml')).toThrow(/^words\.xml: not well-formed XML at line 1: no root element/);
  });
});
