import type { Block, Inline } from '../../content/blocks.js';

/** The ProseMirror JSON Tiptap reads and writes (a small structural subset). */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

/**
 * Blocks that are not running text sit in the document as one atom node each, carrying the
 * whole block in `attrs.block`, so fields the editor does not show (an image's sizes, an
 * embed's html) ride through untouched. Their node views (block-views.ts) edit them in place.
 */
export const blockNodes = { image: 'imageBlock', pullquote: 'pullquoteBlock', embed: 'embedBlock', note: 'noteBlock' } as const;
export type AtomBlock = Extract<Block, { type: keyof typeof blockNodes }>;
const atomTypes = new Map<string, keyof typeof blockNodes>(Object.entries(blockNodes).map(([type, node]) => [node, type as keyof typeof blockNodes]));

/** The editor's node for a divider (Tiptap's horizontal rule). */
export const DIVIDER = 'horizontalRule';

/** The document node for an atom block. */
export const atomNode = (block: AtomBlock): DocNode => ({ type: blockNodes[block.type], attrs: { block } });

function inlineNodes(content: Inline[]): DocNode[] {
  return content
    .filter((run) => run.text !== '')
    .map((run) => {
      const marks = [
        ...(run.bold ? [{ type: 'bold' }] : []),
        ...(run.italic ? [{ type: 'italic' }] : []),
        ...(run.href ? [{ type: 'link', attrs: { href: run.href } }] : []),
      ];
      return { type: 'text', text: run.text, ...(marks.length ? { marks } : {}) };
    });
}

const paragraph = (content: Inline[]): DocNode => ({ type: 'paragraph', content: inlineNodes(content) });

/** Typed body blocks → the editor's document. */
export function blocksToDoc(blocks: Block[]): DocNode {
  const content = blocks.flatMap((block): DocNode[] => {
    switch (block.type) {
      case 'paragraph':
        return [paragraph(block.content)];
      case 'heading':
        return [{ type: 'heading', attrs: { level: block.level }, content: [{ type: 'text', text: block.text }] }];
      case 'quote':
        return [{ type: 'blockquote', content: [paragraph(block.content), ...(block.attribution ? [paragraph([{ text: `— ${block.attribution}` }])] : [])] }];
      case 'list':
        return [{ type: block.ordered ? 'orderedList' : 'bulletList', content: block.items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })) }];
      case 'divider':
        return [{ type: DIVIDER }];
      default:
        return [atomNode(block)];
    }
  });
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

function inlinesOf(node: DocNode | undefined): Inline[] {
  const runs: Inline[] = [];
  for (const child of node?.content ?? []) {
    if (child.type === 'hardBreak') {
      runs.push({ text: '\n' });
      continue;
    }
    if (child.type !== 'text' || !child.text) continue;
    const marks = new Map((child.marks ?? []).map((m) => [m.type, m]));
    const href = marks.get('link')?.attrs?.href;
    runs.push({
      text: child.text,
      ...(marks.has('bold') ? { bold: true } : {}),
      ...(marks.has('italic') ? { italic: true } : {}),
      ...(typeof href === 'string' ? { href } : {}),
    });
  }
  return runs;
}

const plain = (node: DocNode | undefined) => inlinesOf(node).map((r) => r.text).join('');

/** The editor's document → typed body blocks. Empty paragraphs, headings and pull quotes are dropped. */
export function docToBlocks(doc: DocNode): Block[] {
  return (doc.content ?? []).flatMap((node): Block[] => {
    switch (node.type) {
      case 'paragraph': {
        const content = inlinesOf(node);
        return content.length ? [{ type: 'paragraph', content }] : [];
      }
      case 'heading': {
        const text = plain(node).trim();
        const level = Math.min(4, Math.max(2, Number(node.attrs?.level) || 2)) as 2 | 3 | 4;
        return text ? [{ type: 'heading', level, text }] : [];
      }
      case 'blockquote': {
        const paragraphs = (node.content ?? []).filter((p) => p.type === 'paragraph');
        const last = plain(paragraphs.at(-1));
        const attribution = paragraphs.length > 1 && last.startsWith('— ') ? last.slice(2).trim() : undefined;
        const body = attribution ? paragraphs.slice(0, -1) : paragraphs;
        const content = body.flatMap((p, i) => (i ? [{ text: '\n' }, ...inlinesOf(p)] : inlinesOf(p)));
        return content.length ? [{ type: 'quote', content, ...(attribution ? { attribution } : {}) }] : [];
      }
      case 'bulletList':
      case 'orderedList': {
        const items = (node.content ?? []).map((li) => inlinesOf(li.content?.[0])).filter((item) => item.length);
        return items.length ? [{ type: 'list', ordered: node.type === 'orderedList', items }] : [];
      }
      case DIVIDER:
        return [{ type: 'divider' }];
      default: {
        const block = atomTypes.has(node.type) ? (node.attrs?.block as AtomBlock | undefined) : undefined;
        // A pull quote inserted but never written in is not kept (the schema needs its text).
        if (!block || (block.type === 'pullquote' && !block.text.trim())) return [];
        return [block];
      }
    }
  });
}
