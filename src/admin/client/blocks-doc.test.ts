import { describe, expect, it } from 'vitest';
import { b, bodySchema, type Block } from '../../content/blocks.js';
import { blocksToDoc, docToBlocks } from './blocks-doc.js';

describe('body blocks ↔ editor document', () => {
  it('round-trips every block type, keeping fields the editor does not show untouched', () => {
    const body: Block[] = [
      { type: 'paragraph', content: [{ text: 'Plain, ' }, { text: 'bold', bold: true }, { text: ' and ' }, { text: 'a link', italic: true, href: 'https://example.org/' }] },
      b.h2('A heading'),
      b.h3('A subheading'),
      b.quote('Words spoken.', 'A minister'),
      b.pullquote('Pulled out', 'The minister'),
      b.list(['one', 'two'], true),
      b.divider(),
      {
        type: 'image',
        src: '/media/u/abc/640.webp',
        alt: 'Alt text',
        caption: 'Caption',
        credit: 'Credit',
        width: 1200,
        height: 700,
        sources: [
          { src: '/media/u/abc/320.webp', width: 320 },
          { src: '/media/u/abc/640.webp', width: 640 },
        ],
      },
      { type: 'embed', url: 'https://video.example/1', title: 'A video', provider: 'Video', html: '<iframe src="https://video.example/e/1"></iframe>' },
      { type: 'note', kind: 'correction', date: '2026-01-07', text: 'Fixed a name.' },
    ];
    const doc = blocksToDoc(body);
    expect(doc.content?.map((n) => n.type)).toEqual([
      'paragraph',
      'heading',
      'heading',
      'blockquote',
      'pullquoteBlock',
      'orderedList',
      'horizontalRule',
      'imageBlock',
      'embedBlock',
      'noteBlock',
    ]);
    const back = docToBlocks(doc);
    expect(back).toEqual(body);
    expect(bodySchema.safeParse(back).success).toBe(true);
  });

  it('keeps what is edited in place on an atom node (a caption typed under an image)', () => {
    const doc = blocksToDoc([b.image('/media/u/abc/640.webp', 'Cranes')]);
    doc.content![0]!.attrs = { block: { ...(doc.content![0]!.attrs!.block as object), caption: 'Idle since Monday', credit: 'Photo: Desk' } };
    expect(docToBlocks(doc)).toEqual([b.image('/media/u/abc/640.webp', 'Cranes', 'Idle since Monday', 'Photo: Desk')]);
  });

  it('drops empty paragraphs and pull quotes never written in, and gives an empty body an empty paragraph to type in', () => {
    expect(blocksToDoc([])).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    const doc = {
      type: 'doc',
      content: [{ type: 'paragraph' }, { type: 'pullquoteBlock', attrs: { block: { type: 'pullquote', text: '  ' } } }, { type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }],
    };
    expect(docToBlocks(doc)).toEqual([b.p('Hi')]);
  });

  it('never turns an unknown node into a block', () => {
    expect(docToBlocks({ type: 'doc', content: [{ type: 'codeBlock', content: [{ type: 'text', text: 'x' }] }, { type: 'imageBlock' }] })).toEqual([]);
  });
});
