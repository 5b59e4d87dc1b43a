import type { Block } from '../../content/blocks.js';
import { BodyBlock } from '../../site/components/BodyBlocks.js';

// A headless front end lives at another address: site paths in the markup must name this site.
const SITE_PATH_ATTRIBUTE = /\b(src|href)="\/(?!\/)/g;
const SRCSET = /\bsrcset="([^"]*)"/g;

/**
 * A body as HTML, drawn by the same block components as the article page (so a block type has
 * one markup everywhere), with every site path made absolute on `siteUrl`.
 *
 * @example bodyHtml(JSON.parse(row.body), 'https://news.example')
 */
export function bodyHtml(blocks: Block[], siteUrl: string): string {
  const origin = siteUrl.replace(/\/$/, '');
  const html = String(
    <>
      {blocks.map((block) => (
        <BodyBlock block={block} />
      ))}
    </>,
  );
  return html
    .replace(SITE_PATH_ATTRIBUTE, `$1="${origin}/`)
    .replace(SRCSET, (_all, value: string) => `srcset="${value.replace(/(^|,\s*)\/(?!\/)/g, `$1${origin}/`)}"`);
}
