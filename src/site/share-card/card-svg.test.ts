import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { escapeXml, shareCardSvg, wrapLines } from './card-svg.js';

describe('share card SVG', () => {
  it('wraps between words, cuts a word longer than a line, and ends the last kept line in an ellipsis', () => {
    expect(wrapLines('Tidal lagoon plan wins council backing', 16, 5)).toEqual(['Tidal lagoon', 'plan wins', 'council backing']);
    expect(wrapLines('Antidisestablishmentarianism', 10, 5)).toEqual(['Antidisest', 'ablishment', 'arianism']);
    expect(wrapLines('one two three four five six', 9, 2)).toEqual(['one two', 'three…']);
  });

  it('escapes markup and drops characters XML forbids, so any headline draws', async () => {
    expect(escapeXml('Tom & Jerry\'s "<b>" \u0007')).toBe('Tom &#38; Jerry&#39;s &#34;&#60;b&#62;&#34; ');
    const svg = shareCardSvg({ headline: 'Budget: <script>alert("x")</script> & "cuts"\u0000', section: 'R&D <Lab>', siteName: 'The "Meridian"' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;alert(&#34;x&#34;)');
    expect(await sharp(Buffer.from(svg)).metadata()).toMatchObject({ width: 1200, height: 630 });
  });

  it('keeps a very long headline inside the card: a smaller size, at most five lines', () => {
    const svg = shareCardSvg({ headline: 'word '.repeat(120), section: 'World', siteName: 'The Meridian' });
    const lines = svg.match(/<tspan /g) ?? [];
    expect(lines).toHaveLength(5);
    expect(svg).toContain('font-size="50"');
    expect(svg).toContain('…</tspan>');
    expect(shareCardSvg({ headline: 'Short', section: 'World', siteName: 'The Meridian' })).toContain('font-size="76"');
  });
});
