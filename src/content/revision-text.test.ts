import { describe, expect, it } from 'vitest';
import { b } from './blocks.js';
import { diffRevisionWords, revisionText } from './revision-text.js';

describe('revision text and diff', () => {
  const before = { headline: 'Old headline', section: 'world', authors: ['ada'], body: [b.p('Kept paragraph.'), b.p('Gone paragraph.')] };

  it('renders fields and blocks one per line', () => {
    expect(revisionText(before)).toBe('Headline: Old headline\nSection: world\nAuthors: ada\n\nKept paragraph.\nGone paragraph.\n');
  });

  it('marks only the changed words of a changed line, and whole lines added or removed', () => {
    const was = { headline: 'Minister resigns over budget', section: 'world', body: [b.p('The finance minister, Jane Doe, resigned on Tuesday.'), b.p('Gone entirely.')] };
    const now = { headline: 'Minister resigns over budget', section: 'world', body: [b.p('The finance minister, Jane Roe, resigned on Monday.')] };
    const segments = diffRevisionWords(was, now);
    expect(segments.filter((s) => s.change === 'removed').map((s) => s.text.trim())).toEqual(['Doe', 'Tuesday', 'Gone entirely.']);
    expect(segments.filter((s) => s.change === 'added').map((s) => s.text.trim())).toEqual(['Roe', 'Monday']);
    expect(segments.map((s) => (s.change === 'added' ? '' : s.text)).join('')).toBe(revisionText(was));
    expect(segments.map((s) => (s.change === 'removed' ? '' : s.text)).join('')).toBe(revisionText(now));
  });
});
