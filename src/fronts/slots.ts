/** How many slots at the top of a front editors order: the lead and five more. */
export const TOP_SLOTS = 6;

/** A front: a section's (its id), or the home page (null). */
export type FrontSection = number | null;

/** The `front_pins.front` key of a front. */
export const frontKey = (section: FrontSection): string => (section === null ? 'home' : `section:${section}`);

/** The id a front's change is announced with (and its cache tag's): 0 is the home page. */
export const frontEventId = (section: FrontSection): number => section ?? 0;

/**
 * A front's order: each pinned item in its slot, the other slots filled in order from `rest`
 * (newest first). When `rest` runs out before a pin's slot, the pin moves up to follow what there
 * is, so a front never shows a gap.
 *
 * @example fillSlots([{ slot: 2, item: 'P' }], ['a', 'b', 'c']) // ['a', 'P', 'b', 'c']
 */
export function fillSlots<T>(pinned: Array<{ slot: number; item: T }>, rest: T[]): T[] {
  const pins = [...pinned].sort((a, b) => a.slot - b.slot);
  const out: T[] = [];
  let p = 0;
  let r = 0;
  while (p < pins.length || r < rest.length) {
    const nextPin = pins[p];
    if (nextPin && (nextPin.slot <= out.length + 1 || r >= rest.length)) {
      out.push(nextPin.item);
      p++;
    } else {
      out.push(rest[r++]!);
    }
  }
  return out;
}
