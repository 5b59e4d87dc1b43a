import { describe, expect, it } from 'vitest';
import { b, bodySchema, type Block } from '../../content/blocks.js';
import { blocksToDoc, docToBlocks } from './blocks-doc.js';

describe('body blocks ↔ editor document', () => {
  it('round-trips every block type, keeping the ones the editor does not edit untouched', () => {
    const body: Block[] = [
      { type: 'paragraph', content: [{ text: 'Plain, ' }, { text: 'bold', bold: true }, { text: ' and ' }, { text: 'a link', italic: true, href: 'https://example.org/' }] },
      b.h2('A heading'),
      b.quote('Words spoken.', 'A minister'),
      b.pullquote('Pulled out'),
      b.list(['one', 'two'], true),
      b.image('/media/u/abc/640.webp', 'Alt text', 'Caption', 'Credit'),
      { type: 'embed', url: 'https://video.example/1', title: 'A video' },
      { type: 'note', kind: 'correction', date: '2026-01-07', text: 'Fixed a name.' },
    ];
    const back = docToBlocks(blocksToDoc(body));
    expect(back).toEqual(body);
    expect(bodySchema.safeParse(back).success).toBe(true);
  });

  it('drops empty paragraphs and gives an empty body an empty paragraph to type in', () => {
    expect(blocksToDoc([])).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(docToBlocks({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }] })).toEqual([b.p('Hi')]);
  });
});
