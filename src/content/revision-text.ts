import { diffLines, diffWordsWithSpace } from 'diff';
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
 * A plain-text rendering of a revision, one field or block per line, so that a diff
 * between two revisions reads like an editor's marked-up copy.
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

export interface DiffSegment {
  change: 'added' | 'removed' | 'same';
  /** Text as it stands, newlines included: a page shows it with `white-space: pre-wrap`. */
  text: string;
}

/**
 * What changed between two revisions, word by word: lines that differ are compared word
 * for word, so a corrected name marks that name, not its whole paragraph. Unchanged lines
 * pass through whole; a line only added or only removed is marked whole.
 */
export function diffRevisionWords(from: RevisionSnapshot, to: RevisionSnapshot): DiffSegment[] {
  const parts = diffLines(revisionText(from), revisionText(to));
  const segments: DiffSegment[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      for (const word of diffWordsWithSpace(part.value, next.value)) segments.push({ change: word.added ? 'added' : word.removed ? 'removed' : 'same', text: word.value });
      i++;
    } else {
      segments.push({ change: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value });
    }
  }
  // Neighbours of one kind read as one mark.
  return segments.reduce<DiffSegment[]>((out, s) => {
    const last = out.at(-1);
    if (last && last.change === s.change) last.text += s.text;
    else if (s.text) out.push({ ...s });
    return out;
  }, []);
}
