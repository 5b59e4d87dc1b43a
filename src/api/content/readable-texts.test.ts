import { describe, expect, it } from 'vitest';
import { b } from '../../content/blocks.js';
import { readableTexts, type StoredText } from './readable-texts.js';

const stored = (id: number, words: string): StoredText => ({ id, text: words, body: JSON.stringify([b.p(words)]) });

describe('readableTexts', () => {
  it('reads each version once for html, excerpt and reading time, and the text again only for plaintext', async () => {
    const texts = readableTexts('https://news.example');
    const asked: number[][] = [];
    const read = async (ids: number[]) => (asked.push(ids), ids.map((id) => stored(id, `Story ${id} <b>`)));
    const items = [
      { id: 1, version: 'post:1:a', open: true },
      { id: 2, version: 'post:2:a', open: false },
    ];
    const first = await texts.of(items, new Set(['html']), read);
    expect(first.get(1)).toEqual({ minutes: 1, excerpt: 'Story 1 <b>', html: '<p>Story 1 &lt;b&gt;</p>' });
    expect(first.get(2)).toEqual({ minutes: 1, excerpt: 'Story 2 <b>' });
    await texts.of(items, new Set(['html']), read);
    await texts.of([{ id: 1, version: 'post:1:b', open: true }], new Set(['html']), read);
    const plain = await texts.of(items, new Set(['plaintext']), read);
    expect(plain.get(1)?.plaintext).toBe('Story 1 <b>');
    expect(plain.get(2)).not.toHaveProperty('plaintext');
    expect(asked).toEqual([[1, 2], [1], [1]]);
  });
});
