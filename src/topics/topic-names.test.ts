import { describe, expect, it } from 'vitest';
import { matchKey, topicMatcher } from './topic-names.js';

describe('topic names', () => {
  const matcher = topicMatcher([
    { id: 1, slug: 'european-union', name: 'European Union', aliases: ['EU'] },
    { id: 2, slug: 'vladimir-putin', name: 'Vladimir Putin', aliases: ['Putin'], formerSlugs: ['putin-vladimir'] },
    { id: 3, slug: 'zoe-field', name: 'Zoë Field', aliases: [] },
    // Claims "eu" as its slug: a topic's own slug wins over another's alias.
    { id: 4, slug: 'eu', name: 'Eu (element)', aliases: [] },
  ]);

  it('folds case, accents and full stops', () => {
    expect(['EU', 'E.U.', 'eu'].map(matchKey)).toEqual(['eu', 'eu', 'eu']);
    expect(matchKey('Zoë  Field')).toBe('zoe-field');
  });

  it('finds a topic by slug, name, alias or merged-away slug, and nothing else', () => {
    expect(matcher.find({ name: 'EUROPEAN UNION' })?.id).toBe(1);
    expect(matcher.find({ name: 'PUTIN' })?.id).toBe(2);
    expect(matcher.find({ slug: 'putin-vladimir', name: 'Putin, Vladimir' })?.id).toBe(2);
    expect(matcher.find({ name: 'Zoe Field' })?.id).toBe(3);
    expect(matcher.find({ name: 'E.U.' })?.id).toBe(4);
    expect(matcher.find({ name: 'Kremlin' })).toBeUndefined();
  });

  it('learns topics made after it was built', () => {
    const m = topicMatcher([]);
    m.add({ id: 9, slug: 'kremlin', name: 'Kremlin' });
    expect(m.find({ name: 'KREMLIN' })).toEqual({ id: 9, slug: 'kremlin' });
  });
});
