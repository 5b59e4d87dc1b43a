import type { Block } from '../../content/blocks.js';

export type BodyItem = { kind: 'block'; block: Block } | { kind: 'partner-slot' };

/**
 * The body with the partner slot placed after paragraph `after` (counting paragraphs
 * only, so headings and images do not shift it). A body with fewer paragraphs gets
 * the slot at its end; one with none gets no slot.
 *
 * @example withPartnerSlot([p1, p2, p3], 2) // p1, p2, slot, p3
 */
export function withPartnerSlot(body: Block[], after: number): BodyItem[] {
  const items: BodyItem[] = body.map((block) => ({ kind: 'block', block }));
  const paragraphAt: number[] = [];
  body.forEach((block, i) => {
    if (block.type === 'paragraph') paragraphAt.push(i);
  });
  if (!paragraphAt.length) return items;
  const wanted = Math.max(0, after);
  const index = wanted === 0 ? paragraphAt[0]! : wanted <= paragraphAt.length ? paragraphAt[wanted - 1]! + 1 : body.length;
  items.splice(index, 0, { kind: 'partner-slot' });
  return items;
}
