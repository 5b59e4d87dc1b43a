/** What a share card shows: the article's headline, its section and the publication. */
export interface CardText {
  headline: string;
  section: string;
  siteName: string;
}

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

const MARGIN = 80;
const TEXT_WIDTH = CARD_WIDTH - 2 * MARGIN;
/** A bold serif's average glyph is a little over half its size wide; wrapping by that estimate keeps lines inside the card. */
const GLYPH_WIDTH = 0.58;

/** Characters XML forbids outright (controls other than tab and newlines), which would stop the SVG rendering at all. */
const forbiddenInXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text safe inside an SVG element or attribute: markup characters as entities, forbidden characters gone. */
export function escapeXml(text: string): string {
  return text.replace(forbiddenInXml, '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Breaks `text` into lines of at most `maxChars`, between words where it can (a word longer
 * than a line is cut). Past `maxLines` the last line ends in an ellipsis.
 */
export function wrapLines(text: string, maxChars: number, maxLines: number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean).flatMap((w) => (w.length <= maxChars ? [w] : (w.match(new RegExp(`.{1,${maxChars}}`, 'gu')) ?? [])));
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= maxChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const end = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${end.length + 1 > maxChars ? end.slice(0, maxChars - 1).trimEnd() : end}…`;
  return kept;
}

/** The largest headline size whose wrapped lines fit the card's text box (the smallest wraps and cuts). */
function headlineLayout(headline: string): { size: number; lines: string[] } {
  const layouts = [76, 66, 58, 50].map((size) => ({ size, lines: wrapLines(headline, Math.floor(TEXT_WIDTH / (size * GLYPH_WIDTH)), 5) }));
  return layouts.find(({ size, lines }) => lines.length * size * 1.15 <= 330) ?? layouts.at(-1)!;
}

/**
 * The share card as SVG, 1200 × 630: the section as a kicker over a red rule, the headline
 * large in serif, the publication's name at the foot on a dark band. Every text is escaped.
 */
export function shareCardSvg({ headline, section, siteName }: CardText): string {
  const { size, lines } = headlineLayout(headline || siteName);
  const lineHeight = Math.round(size * 1.15);
  const top = 205 + size;
  const tspans = lines.map((line, i) => `<tspan x="${MARGIN}" y="${top + i * lineHeight}">${escapeXml(line)}</tspan>`).join('');
  const kicker = wrapLines(section.toUpperCase(), 40, 1)[0] ?? '';
  const name = wrapLines(siteName, 44, 1)[0] ?? '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">
<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="#fffdf8"/>
<rect width="${CARD_WIDTH}" height="14" fill="#9b1c1c"/>
<text x="${MARGIN}" y="140" font-family="DejaVu Sans, Arial, sans-serif" font-size="30" font-weight="700" letter-spacing="3" fill="#9b1c1c">${escapeXml(kicker)}</text>
<rect x="${MARGIN}" y="166" width="96" height="6" fill="#9b1c1c"/>
<text font-family="DejaVu Serif, Georgia, serif" font-size="${size}" font-weight="700" fill="#1a1a1a">${tspans}</text>
<rect y="${CARD_HEIGHT - 96}" width="${CARD_WIDTH}" height="96" fill="#1a1a1a"/>
<text x="${MARGIN}" y="${CARD_HEIGHT - 36}" font-family="DejaVu Serif, Georgia, serif" font-size="40" font-style="italic" fill="#fffdf8">${escapeXml(name)}</text>
<circle cx="${CARD_WIDTH - MARGIN - 12}" cy="${CARD_HEIGHT - 48}" r="12" fill="#9b1c1c"/>
</svg>`;
}
