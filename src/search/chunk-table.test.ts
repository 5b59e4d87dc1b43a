import { describe, expect, it } from 'vitest';
import { ChunkTable } from './chunk-table.js';

describe('ChunkTable', () => {
  it('finds a key by where it stands in a longer text, and nothing that only starts or ends like one', () => {
    const table = new ChunkTable<number>();
    table.set('harbour', 1);
    table.set('wall,', 2);
    table.set('', 3);
    const text = 'the harbour wall, harbours';
    expect(table.get(text, 4, 11)).toBe(1);
    expect(table.get(text, 12, 17)).toBe(2);
    expect(table.get(text, 12, 16)).toBeUndefined();
    expect(table.get(text, 18, 26)).toBeUndefined();
    expect(table.get(text, 3, 3)).toBe(3);
    expect(table.size).toBe(3);
  });

  it('keeps every key through its growth, beyond ASCII too, and forgets them all when cleared', () => {
    const table = new ChunkTable<number>();
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 3 ? `w${i}` : `café ${i} 日本`));
    keys.forEach((key, i) => table.set(key, i));
    const text = keys.join('|');
    let at = 0;
    const found = keys.map((key) => {
      const value = table.get(text, at, at + key.length);
      at += key.length + 1;
      return value;
    });
    expect(found).toEqual(keys.map((_, i) => i));
    table.clear();
    expect(table.get(text, 0, keys[0]!.length)).toBeUndefined();
    expect(table.size).toBe(0);
  });
});
