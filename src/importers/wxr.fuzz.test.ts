import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BroadsheetError } from '../errors.js';
import { articlePreparer } from './prepare.js';
import { readWxr } from './wxr.js';
import { scanWxr } from './wxr-scan.js';

/**
 * Property-based tests of the WordPress reader: every well-formed XML document is
 * scanned; any file at all is read into articles that pass the article rules, or
 * refused with a BroadsheetError, and nothing else is thrown. The per-test timeout
 * guards against a slow input.
 */

const context = { name: 'fuzz.xml', timeZone: 'Europe/London', at: '2025-01-01T00:00:00.000Z' };

/** Reads and checks as an import does, short of the database. */
function importOrRefuse(content: string): void {
  try {
    const parsed = readWxr(content, context);
    const prepare = articlePreparer(context);
    for (const article of parsed.articles) prepare(article);
  } catch (error) {
    if (!(error instanceof BroadsheetError)) throw error;
  }
}

const NS = 'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/"';

/** Text XML allows (its Char production), escaped or in CDATA. */
const xmlText = fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, ''));
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const textNode = fc.oneof(
  xmlText.map(escaped),
  xmlText.map((s) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`),
  xmlText.map((s) => `<!--${s.replace(/-/g, '')}-->`),
  fc.constantFrom('<?wp note?>', '&#233;', '&#x1F600;', '&apos;', ''),
);

/** A field of an item: names the importer reads and names it does not, self-closing or not. */
const fieldName = fc.constantFrom(
  'title',
  'link',
  'guid',
  'pubDate',
  'dc:creator',
  'content:encoded',
  'excerpt:encoded',
  'wp:post_id',
  'wp:post_name',
  'wp:status',
  'wp:post_type',
  'wp:post_date',
  'wp:post_date_gmt',
  'wp:post_parent',
  'wp:attachment_url',
  'description',
  'unknown',
);
const fieldValue = fc.oneof(
  fc.array(textNode, { maxLength: 3 }).map((parts) => parts.join('')),
  fc.constantFrom('publish', 'draft', 'future', 'post', 'attachment', 'page', '2024-02-13 18:20:00', '0000-00-00 00:00:00', '<![CDATA[<p>A <b>bold</b> claim</p>]]>'),
  // HTML bodies nested deeper than a recursive reader's stack.
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `<![CDATA[${'<div>'.repeat(depth)}<p>Deep</p>${'</div>'.repeat(depth)}]]>`),
);
const field = fc.tuple(fieldName, fieldValue, fc.boolean()).map(([name, value, selfClosing]) => (selfClosing && !value ? `<${name}/>` : `<${name}>${value}</${name}>`));
const category = fc
  .tuple(fc.constantFrom('category', 'post_tag', 'other'), fc.constantFrom('news', 'local-politics', 'Bad Slug!', ''), xmlText)
  .map(([domain, nicename, name]) => `<category domain="${domain}" nicename="${escaped(nicename)}">${escaped(name)}</category>`);
const item = fc.array(fc.oneof(field, category, textNode), { maxLength: 14 }).map((children) => `<item>${children.join('\n')}</item>`);
const channelPart = fc.oneof(
  item,
  textNode,
  fc.constantFrom(
    '<wp:category><wp:category_nicename>news</wp:category_nicename><wp:category_parent/><wp:cat_name>News</wp:cat_name></wp:category>',
    '<wp:tag><wp:tag_slug>sheep</wp:tag_slug><wp:tag_name/></wp:tag>',
    '<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name><![CDATA[Ann Other]]></wp:author_display_name></wp:author>',
    '<wp:wxr_version>1.2</wp:wxr_version>',
  ),
);
/** A well-formed WXR file, its namespaces declared on the root or on the channel. */
const wellFormed = fc
  .tuple(fc.array(channelPart, { maxLength: 8 }), fc.boolean(), fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n', '\ufeff<?xml version="1.0"?>\n<!-- generator -->\n'))
  .map(([parts, onChannel, prolog]) => `${prolog}<rss version="2.0"${onChannel ? '' : ` ${NS}`}>\n<channel${onChannel ? ` ${NS}` : ''}>\n${parts.join('\n')}\n</channel>\n</rss>\n`);

/** A well-formed file broken in one place: cut short, a character changed, or a slice repeated. */
const nearlyWellFormed = fc.tuple(wellFormed, fc.nat(), fc.nat(), fc.constantFrom('cut', 'replace', 'repeat')).map(([xml, a, b, how]) => {
  const at = a % (xml.length + 1);
  if (how === 'cut') return xml.slice(0, at);
  if (how === 'replace') return `${xml.slice(0, at)}${'<>&/!?"\'='[b % 10]}${xml.slice(at + 1)}`;
  const end = Math.min(xml.length, at + (b % 40));
  return `${xml.slice(0, end)}${xml.slice(at, end)}${xml.slice(end)}`;
});

describe('the WordPress reader, fuzzed', () => {
  it('scans every well-formed WXR file, whatever it holds', { timeout: 20_000 }, () => {
    fc.assert(
      fc.property(wellFormed, (xml) => {
        scanWxr(xml, 'fuzz.xml');
      }),
      { numRuns: 200 },
    );
  });

  it('reads well-formed and nearly well-formed files into articles, or refuses them with a BroadsheetError', { timeout: 20_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed, nearlyWellFormed), (xml) => importOrRefuse(xml)),
      { numRuns: 300 },
    );
  });

  it('refuses a post whose HTML nests past the depth cap, naming the item', { timeout: 5_000 }, () => {
    const deep = `<![CDATA[${'<div>'.repeat(20_000)}<p>Deep</p>]]>`;
    const xml = `<rss ${NS}><channel>\n<item><title>Deep</title><wp:status>publish</wp:status><content:encoded>${deep}</content:encoded></item></channel></rss>`;
    expect(() => [...readWxr(xml, context).articles]).toThrow('fuzz.xml: item 1 (line 2) "Deep": elements nested more than 200 deep (at line 1); the limit for an HTML page is 200');
  });

  it('refuses any other string with a BroadsheetError', { timeout: 20_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), (text) => importOrRefuse(text)),
      { numRuns: 200 },
    );
  });
});
