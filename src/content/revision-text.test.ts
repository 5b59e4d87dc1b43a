import { describe, expect, it } from 'vitest';
import { b } from './blocks.js';
import { diffRevisions, revisionText } from './revision-text.js';

describe('revision text and diff', () => {
  const before = { headline: 'Old headline', section: 'world', authors: ['ada'], body: [b.p('Kept paragraph.'), b.p('Gone paragraph.')] };
  const after = { headline: 'New headline', section: 'world', authors: ['ada'], body: [b.p('Kept paragraph.'), b.h2('A new heading')] };

  it('renders fields and blocks one per line', () => {
    expect(revisionText(before)).toBe('Headline: Old headline\nSection: world\nAuthors: ada\n\nKept paragraph.\nGone paragraph.\n');
  });

  it('marks removed and added lines and keeps the unchanged ones', () => {
    const lines = diffRevisions(before, after);
    expect(lines).toContainEqual({ change: 'removed', text: 'Headline: Old headline' });
    expect(lines).toContainEqual({ change: 'added', text: 'Headline: New headline' });
    expect(lines).toContainEqual({ change: 'removed', text: 'Gone paragraph.' });
    expect(lines).toContainEqual({ change: 'added', text: '## A new heading' });
    expect(lines).toContainEqual({ change: 'same', text: 'Kept paragraph.' });
  });
});
