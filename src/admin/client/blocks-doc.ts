import type { Block, Inline } from '../../content/blocks.js';

/** The ProseMirror JSON Tiptap reads and writes (a small structural subset). */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

/** Block types the rich-text editor does not edit; they ride through it untouched as one atom node. */
export const PRESERVED = 'preservedBlock';

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
      default:
        return [{ type: PRESERVED, attrs: { block } }];
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

/** The editor's document → typed body blocks. Empty paragraphs are dropped. */
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
      case PRESERVED:
        return node.attrs?.block ? [node.attrs.block as Block] : [];
      default:
        return [];
    }
  });
}
