import { Node, type Editor, type NodeViewRendererProps } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { Block } from '../../content/blocks.js';
import { isAcceptedUrl } from '../../content/url-rule.js';
import { blockNodes, type AtomBlock } from './blocks-doc.js';
import { el } from './dom.js';

/**
 * The body's non-text blocks as what they are: an image as an image with its alt text,
 * caption and credit editable beneath it, a pull quote with its words and attribution, an
 * embed as a titled card, a note as the note readers see. Each is one atom node carrying the
 * whole block; the inputs write their field back into it (one undoable step per change).
 * The inputs have no name, so the plain form posts only the body field.
 */

type Writer = (patch: Record<string, string>) => void;
type Fill = (block: AtomBlock, write: Writer, remove: () => void) => HTMLElement;

/** An input that writes `key` of the block; an empty optional value leaves the key out. */
function textInput(label: string, key: string, value: string | undefined, write: Writer, options: { required?: boolean; multiline?: boolean } = {}): HTMLElement {
  const input = options.multiline ? el('textarea', { rows: '2', required: options.required }) : el('input', { type: 'text', required: options.required });
  input.value = value ?? '';
  input.dataset.key = key;
  // Said as well as shown: a required field left empty is marked invalid for assistive technology too.
  const mark = () => (options.required && !input.value.trim() ? input.setAttribute('aria-invalid', 'true') : input.removeAttribute('aria-invalid'));
  mark();
  input.addEventListener('input', () => {
    mark();
    write({ [key]: input.value });
  });
  // Enter in a one-line field would submit the whole article form.
  if (!options.multiline) input.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Enter' && event.preventDefault());
  return el('label', { class: 'ed-field' }, [el('span', {}, [label]), input]);
}

const removeButton = (what: string, remove: () => void) => {
  const button = el('button', { type: 'button', class: 'ed-remove' }, [`Remove ${what}`]);
  button.addEventListener('click', remove);
  return button;
};

const views: Record<AtomBlock['type'], Fill> = {
  image: (block, write, remove) => {
    const image = block as Extract<Block, { type: 'image' }>;
    const sources = image.sources?.filter((s) => isAcceptedUrl(s.src));
    const img = el('img', {
      alt: image.alt,
      width: image.width ? String(image.width) : undefined,
      height: image.height ? String(image.height) : undefined,
      sizes: sources?.length ? '(min-width: 50rem) 45rem, 100vw' : undefined,
      srcset: sources?.length ? sources.map((s) => `${s.src} ${s.width}w`).join(', ') : undefined,
      loading: 'lazy',
      decoding: 'async',
    });
    if (isAcceptedUrl(image.src)) img.src = image.src;
    return el('figure', { class: 'ed-block ed-image' }, [
      img,
      el('div', { class: 'ed-fields' }, [
        textInput('Alt text (required: what the image shows)', 'alt', image.alt, write, { required: true }),
        textInput('Caption', 'caption', image.caption, write),
        textInput('Credit', 'credit', image.credit, write),
        removeButton('image', remove),
      ]),
    ]);
  },
  pullquote: (block, write, remove) => {
    const quote = block as Extract<Block, { type: 'pullquote' }>;
    return el('figure', { class: 'ed-block ed-pullquote' }, [
      el('p', { class: 'ed-kind' }, ['Pull quote']),
      el('div', { class: 'ed-fields' }, [
        textInput('Pull quote text', 'text', quote.text, write, { multiline: true, required: true }),
        textInput('Attribution', 'attribution', quote.attribution, write),
        removeButton('pull quote', remove),
      ]),
    ]);
  },
  embed: (block, write, remove) => {
    const embed = block as Extract<Block, { type: 'embed' }>;
    return el('figure', { class: 'ed-block ed-embed' }, [
      el('p', { class: 'ed-kind' }, [`Embed${embed.provider ? ` · ${embed.provider}` : ''}`]),
      el('p', { class: 'ed-embed-url' }, [embed.url]),
      el('div', { class: 'ed-fields' }, [textInput('Embed title', 'title', embed.title, write), removeButton('embed', remove)]),
    ]);
  },
  note: (block) => {
    const note = block as Extract<Block, { type: 'note' }>;
    return el('aside', { class: `ed-block ed-note ed-note-${note.kind}` }, [
      el('strong', {}, [`${note.kind === 'correction' ? 'Correction' : 'Update'}, ${note.date}: `]),
      note.text,
    ]);
  },
};

const OPTIONAL = new Set(['caption', 'credit', 'attribution']);

function blockView(type: AtomBlock['type']) {
  return ({ node, getPos, editor }: NodeViewRendererProps) => {
    let current: PmNode = node;
    const dispatch = (block: AtomBlock | null) => {
      const pos = getPos();
      if (typeof pos !== 'number') return;
      const tr = editor.state.tr;
      editor.view.dispatch(block ? tr.setNodeMarkup(pos, undefined, { block }) : tr.delete(pos, pos + current.nodeSize));
    };
    const write: Writer = (patch) => {
      const block: Record<string, unknown> = { ...(current.attrs.block as AtomBlock) };
      for (const [key, value] of Object.entries(patch)) {
        if (OPTIONAL.has(key) && !value.trim()) delete block[key];
        else block[key] = value;
      }
      dispatch(block as AtomBlock);
    };
    const dom = views[type](node.attrs.block as AtomBlock, write, () => {
      dispatch(null);
      editor.commands.focus();
    });
    dom.contentEditable = 'false';
    dom.dataset.blockNode = type;
    return {
      dom,
      update: (next: PmNode) => {
        if (next.type !== current.type) return false;
        current = next;
        return true;
      },
      // Typing, clicks and keys in the fields belong to the fields, not to the editor.
      stopEvent: (event: Event) => event.target instanceof HTMLElement && event.target.closest('input, textarea, button') !== null,
      ignoreMutation: () => true,
    };
  };
}

/** The Tiptap node for one atom block type; copy and paste keep the block in a data attribute. */
const atomBlockNode = (type: AtomBlock['type']) =>
  Node.create({
    name: blockNodes[type],
    group: 'block',
    atom: true,
    selectable: true,
    draggable: true,
    addAttributes: () => ({ block: { default: null, rendered: false } }),
    parseHTML: () => [
      {
        tag: `div[data-block-node="${type}"]`,
        getAttrs: (dom) => {
          try {
            const block = JSON.parse((dom as HTMLElement).dataset.block ?? '') as Block;
            return block.type === type ? { block } : false;
          } catch {
            return false;
          }
        },
      },
    ],
    renderHTML: ({ node }) => ['div', { 'data-block-node': type, 'data-block': JSON.stringify(node.attrs.block) }],
    addNodeView: () => blockView(type),
  });

export const blockExtensions = (Object.keys(blockNodes) as Array<AtomBlock['type']>).map(atomBlockNode);

/** Puts an atom block after the block holding the cursor (the text around it stays) and moves its first field into view. */
export function insertBlockAfterCursor(editor: Editor, block: AtomBlock): void {
  const { $to } = editor.state.selection;
  const at = $to.depth ? $to.after(1) : $to.pos;
  editor.chain().insertContentAt(at, { type: blockNodes[block.type], attrs: { block } }).run();
  const dom = editor.view.nodeDOM(at);
  const field = dom instanceof HTMLElement ? dom.querySelector<HTMLElement>('input, textarea') : null;
  field?.focus();
  field?.scrollIntoView({ block: 'center' });
}
