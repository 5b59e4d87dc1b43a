import { describe, expect, it } from 'vitest';
import { FilterError, parseFilter } from './nql.js';

describe('parseFilter (the NQL subset)', () => {
  it('reads property:value, lists, comparisons, negation and quoted strings', () => {
    expect(parseFilter('tag:news')).toEqual({ kind: 'compare', property: 'tag', op: '=', value: 'news' });
    expect(parseFilter('tags:[news,world-affairs]')).toEqual({ kind: 'in', property: 'tags', values: ['news', 'world-affairs'], negated: false });
    expect(parseFilter("published_at:>'2026-01-01 10:00:00'")).toEqual({ kind: 'compare', property: 'published_at', op: '>', value: '2026-01-01 10:00:00' });
    expect(parseFilter('published_at:<=2026-01-01')).toMatchObject({ op: '<=', value: '2026-01-01' });
    expect(parseFilter('featured:true')).toMatchObject({ value: true });
    expect(parseFilter('tag:-news')).toMatchObject({ op: '!=', value: 'news' });
    expect(parseFilter('tag:-[a,b]')).toMatchObject({ kind: 'in', negated: true, values: ['a', 'b'] });
    expect(parseFilter("title:'It\\'s here'")).toMatchObject({ value: "It's here" });
    expect(parseFilter('Tag:News')).toMatchObject({ property: 'tag', value: 'News' });
  });

  it('binds + (and) tighter than , (or), and groups with parentheses', () => {
    expect(parseFilter('tag:a+featured:true,tag:b')).toEqual({
      kind: 'or',
      nodes: [
        { kind: 'and', nodes: [{ kind: 'compare', property: 'tag', op: '=', value: 'a' }, { kind: 'compare', property: 'featured', op: '=', value: true }] },
        { kind: 'compare', property: 'tag', op: '=', value: 'b' },
      ],
    });
    expect(parseFilter('featured:true+(tag:a,tag:b)')).toMatchObject({ kind: 'and', nodes: [{ property: 'featured' }, { kind: 'or' }] });
  });

  it.each([
    ['tag', 'expected ":" after "tag" at the end'],
    ['tag:', 'expected a value at the end'],
    ["tag:'open", "expected a closing ' at the end"],
    ['tags:[a,b', 'expected "," or "]" at the end'],
    ['tag:a tag:b', 'expected "+", "," or the end at character 7 ("tag:b")'],
    [':a', 'expected a property name such as tag or published_at at character 1'],
    ['(tag:a', 'expected ")" at the end'],
  ])('refuses %s, saying where', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(FilterError);
    expect(() => parseFilter(filter)).toThrow(message);
  });
});
