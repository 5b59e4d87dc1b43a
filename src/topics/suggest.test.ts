import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blockText } from '../content/blocks.js';
import { readPageText } from '../importers/page-text.js';
import { suggestTopics } from './suggest.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const seed = readFileSync(resolve(repoRoot, '../shared/seed/article.txt'), 'utf8');
const [article] = readPageText(seed, { name: 'article.txt', timeZone: 'Europe/London' }).articles;
const input = { headline: article!.headline, standfirst: article!.standfirst, paragraphs: article!.body.map(blockText) };

describe('suggestTopics', () => {
  it('finds the seed article’s people, places and organisations, with variants merged', () => {
    const names = suggestTopics(input).map((s) => s.name);
    for (const name of ['Russia', 'Kazakhstan', 'Belarus', 'Armenia', 'Vladimir Putin', 'Kassym-Jomart Tokayev', 'Nursultan Nazarbayev', 'Collective Security Treaty Organisation']) {
      expect(names).toContain(name);
    }
    // Short forms fold into the full name instead of appearing twice.
    for (const variant of ['Putin', 'Tokayev', 'Nazarbayev', 'CSTO', 'Vladimir']) expect(names).not.toContain(variant);
    expect(names[0]).toBe('Russia');
  });

  it('proposes no common words, adjectives or dates', () => {
    const names = suggestTopics(input, [], 50).map((s) => s.name);
    for (const name of names) expect(name).toMatch(/^\p{Lu}/u);
    for (const word of ['President', 'Government', 'Russian', 'Kazakh', 'Azerbaijani', 'May', 'Christmas', 'Evidence', 'Still', 'World']) expect(names).not.toContain(word);
  });

  it('puts the newsroom’s existing topics first, by their stored name and slug', () => {
    const existing = [{ name: 'Putin, Vladimir', slug: 'vladimir-putin' }, { name: 'elections', slug: 'elections' }, { name: 'Football', slug: 'football' }];
    const suggestions = suggestTopics(input, existing);
    expect(suggestions[0]).toMatchObject({ slug: 'vladimir-putin', name: 'Putin, Vladimir', existing: true });
    // "elections" is named in the body though no entity found it; "Football" is not in the text.
    expect(suggestions.filter((s) => s.existing).map((s) => s.slug)).toEqual(['vladimir-putin', 'elections']);
    expect(suggestions.slice(2).every((s) => !s.existing)).toBe(true);
  });

  it('ranks by salience: a name in the headline outranks one mentioned once in the body', () => {
    const [first] = suggestTopics({ headline: 'Angela Merkel visits Warsaw', paragraphs: ['Merkel met ministers. Later, she spoke to Olaf Scholz by phone.'] });
    expect(first!.name).toBe('Angela Merkel');
  });

  it('answers within its time budget with what it found so far, on text that would take minutes', { timeout: 10_000 }, () => {
    const dates = Array.from({ length: 600 }, (_, i) => `${(i % 28) + 1} January ${1990 + (i % 30)}`).join(' ');
    const suggestions = suggestTopics({ headline: 'Angela Merkel visits Warsaw', paragraphs: Array.from({ length: 100 }, () => dates) }, [], 15, 500);
    expect(suggestions.map((s) => s.name)).toContain('Angela Merkel');
    expect(suggestTopics(input, [], 15, 0)).toEqual([]);
  });
});
