import { diffLines } from 'diff';
import type { Block } from './blocks.js';

/** The fields of an article a revision keeps, as content/articles.ts inputOf() gives them. */
export interface RevisionSnapshot {
  headline: string;
  standfirst?: string;
  slug?: string;
  section: string;
  authors?: string[];
  topics?: string[];
  body: Block[];
  printIssue?: number | null;
  sponsor?: string | null;
  partnerSlotAfter?: number | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  imageUrl?: string | null;
}

function blockLines(block: Block): string {
  const runs = (content: Array<{ text: string; href?: string }>) => content.map((r) => (r.href ? `[${r.text}](${r.href})` : r.text)).join('');
  switch (block.type) {
    case 'paragraph':
      return runs(block.content);
    case 'heading':
      return `${'#'.repeat(block.level)} ${block.text}`;
    case 'quote':
      return `> ${runs(block.content)}${block.attribution ? ` — ${block.attribution}` : ''}`;
    case 'pullquote':
      return `>> ${block.text}${block.attribution ? ` — ${block.attribution}` : ''}`;
    case 'image':
      return `[image ${block.src} alt="${block.alt}"] ${block.caption ?? ''} ${block.credit ? `(${block.credit})` : ''}`.trimEnd();
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${runs(item)}`).join('\n');
    case 'embed':
      return `[embed ${block.url}] ${block.title}`;
    case 'note':
      return `[${block.kind} ${block.date}] ${block.text}`;
    case 'divider':
      return '---';
  }
}

/**
 * A plain-text rendering of a revision, one field or block per line, so that a line
 * diff between two revisions reads like an editor's marked-up copy.
 */
export function revisionText(s: RevisionSnapshot): string {
  const fields: Array<[string, unknown]> = [
    ['Headline', s.headline],
    ['Standfirst', s.standfirst],
    ['Slug', s.slug],
    ['Section', s.section],
    ['Authors', s.authors?.join(', ')],
    ['Topics', s.topics?.join(', ')],
    ['Print issue', s.printIssue],
    ['Sponsor', s.sponsor],
    ['Partner slot after paragraph', s.partnerSlotAfter],
    ['SEO title', s.seoTitle],
    ['SEO description', s.seoDescription],
    ['Image', s.imageUrl],
  ];
  const head = fields.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `${k}: ${String(v)}`);
  return [...head, '', ...s.body.map(blockLines)].join('\n') + '\n';
}

export interface DiffLine {
  change: 'added' | 'removed' | 'same';
  text: string;
}

/** Line-by-line differences between two revisions, in reading order. */
export function diffRevisions(from: RevisionSnapshot, to: RevisionSnapshot): DiffLine[] {
  return diffLines(revisionText(from), revisionText(to)).flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ change: part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const), text })),
  );
}
