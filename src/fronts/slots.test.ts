import { describe, expect, it } from 'vitest';
import { fillSlots, frontEventId, frontKey } from './slots.js';

describe('fillSlots', () => {
  it('puts pins in their slots and the rest around them in order', () => {
    expect(fillSlots([{ slot: 1, item: 'L' }, { slot: 3, item: 'T' }], ['a', 'b', 'c'])).toEqual(['L', 'a', 'T', 'b', 'c']);
  });

  it('keeps the newest-first order when nothing is pinned', () => {
    expect(fillSlots([], ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('moves a pin up rather than leave a gap when there is too little to fill the slots above it', () => {
    expect(fillSlots([{ slot: 5, item: 'P' }], ['a'])).toEqual(['a', 'P']);
    expect(fillSlots([{ slot: 4, item: 'Q' }, { slot: 2, item: 'P' }], [])).toEqual(['P', 'Q']);
  });
});

describe('front keys', () => {
  it('names the home page and section fronts apart', () => {
    expect(frontKey(null)).toBe('home');
    expect(frontKey(7)).toBe('section:7');
    expect(frontEventId(null)).toBe(0);
    expect(frontEventId(7)).toBe(7);
  });
});
