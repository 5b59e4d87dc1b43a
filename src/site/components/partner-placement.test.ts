import { describe, expect, it } from 'vitest';
import { b } from '../../content/blocks.js';
import { withPartnerSlot, type BodyItem } from './partner-placement.js';

const shape = (items: BodyItem[]) => items.map((i) => (i.kind === 'partner-slot' ? 'SLOT' : i.block.type === 'paragraph' ? 'p' : i.block.type));

describe('withPartnerSlot', () => {
  it('places the slot after the given paragraph, not counting headings', () => {
    expect(shape(withPartnerSlot([b.p('1'), b.h2('h'), b.p('2'), b.p('3')], 2))).toEqual(['p', 'heading', 'p', 'SLOT', 'p']);
  });

  it('puts it before the first paragraph for 0 and at the end when the body is short', () => {
    expect(shape(withPartnerSlot([b.h2('h'), b.p('1')], 0))).toEqual(['heading', 'SLOT', 'p']);
    expect(shape(withPartnerSlot([b.p('1'), b.p('2')], 9))).toEqual(['p', 'p', 'SLOT']);
  });

  it('leaves bodies without paragraphs alone', () => {
    expect(shape(withPartnerSlot([b.h2('h')], 1))).toEqual(['heading']);
  });
});
