import { describe, expect, it } from 'vitest';
import { DomUtils, parseDOM } from 'htmlparser2';
import { htmlToBlocks, plainText } from './html-blocks.js';

describe('htmlToBlocks', () => {
  it('keeps the prose and drops scripts, styles, forms and unsafe URLs wherever they sit', () => {
    const blocks = htmlToBlocks(
      '<h2>Budget <script>alert(1)</script>day</h2><p onclick="x()">Read <a href="javascript:alert(2)">this</a> and <a href="https://example.org/r">that</a><style>p{}</style></p>' +
        '<form><button>Subscribe</button></form><figure><img src="data:image/png;base64,AAAA" alt="x"><figcaption>Cap<noscript>tion</noscript></figcaption></figure>',
    );
    expect(blocks).toEqual([
      { type: 'heading', level: 2, text: 'Budget day' },
      { type: 'paragraph', content: [{ text: 'Read this and ' }, { text: 'that', href: 'https://example.org/r' }] },
      { type: 'paragraph', content: [{ text: 'Cap' }] },
    ]);
  });

  it('maps quotes, pull quotes, lists, images with captions and embeds', () => {
    const blocks = htmlToBlocks(
      '<blockquote class="pullquote">Said it<cite>— A. Person</cite></blockquote><ol><li><em>One</em></li><li>Two</li></ol>' +
        '<figure><img src="https://img.example/a.jpg" alt="A harbour" width="800"><figcaption>The harbour</figcaption></figure><iframe src="https://www.youtube.com/embed/x" title="Clip"></iframe>',
    );
    expect(blocks).toEqual([
      { type: 'pullquote', text: 'Said it', attribution: 'A. Person' },
      { type: 'list', ordered: true, items: [[{ text: 'One', italic: true }], [{ text: 'Two' }]] },
      { type: 'image', src: 'https://img.example/a.jpg', alt: 'A harbour', caption: 'The harbour', width: 800 },
      { type: 'embed', url: 'https://www.youtube.com/embed/x', title: 'Clip', provider: 'youtube.com' },
    ]);
  });

  it('keeps only URLs the URL rule accepts: other hosts posing as site paths and broken URLs go, without failing the import', () => {
    const blocks = htmlToBlocks(
      '<p><a href="//evil.example/">one</a> <a href="/\\evil.example/">two</a> <a href="/world">three</a></p>' +
        '<p><img src="http://[" alt="broken"></p><p><img src="/media/a.jpg" alt="ours"></p><iframe src="http://[" title="Bad"></iframe><iframe src="/embed/x" title="Ours"></iframe>',
    );
    expect(blocks).toEqual([
      { type: 'paragraph', content: [{ text: 'one two ' }, { text: 'three', href: '/world' }] },
      { type: 'image', src: '/media/a.jpg', alt: 'ours' },
    ]);
  });
});

describe('plainText', () => {
  it('gives the text of markup, entities and plain text alike, its whitespace collapsed', () => {
    expect(plainText('<p>The quay <em>at dusk</em></p>')).toBe('The quay at dusk');
    expect(plainText('Fish &amp; chips &lt;3')).toBe('Fish & chips <3');
    expect(plainText('  The quay\r\n\tat\u00a0dusk  ')).toBe('The quay at dusk');
    expect(plainText('')).toBe('');
  });

  it('reads text without markup as the HTML parser would', () => {
    for (const text of ['a > b', '"Quoted", it\'s', 'café ½ 日本', 'line\r\nbreak', '=?x', '}{][']) {
      expect(plainText(text)).toBe(DomUtils.textContent(parseDOM(text)).replace(/\s+/g, ' ').trim());
    }
  });
});
