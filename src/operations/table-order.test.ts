import { describe, expect, it } from 'vitest';
import { insertOrder } from './table-order.js';

describe('insertOrder', () => {
  it('puts every table after the tables it references, keeping the given order otherwise', () => {
    const order = insertOrder([
      { name: 'article_topics', references: ['articles', 'topics'] },
      { name: 'articles', references: ['sections', 'media', 'articles'] },
      { name: 'topics', references: [] },
      { name: 'sections', references: [] },
      { name: 'media', references: [] },
      { name: 'share_links', references: ['articles', 'not_copied'] },
    ]);
    expect(order).toEqual(['topics', 'sections', 'media', 'articles', 'article_topics', 'share_links']);
  });

  it('refuses a cycle, naming its tables', () => {
    expect(() => insertOrder([{ name: 'a', references: ['b'] }, { name: 'b', references: ['a'] }, { name: 'c', references: [] }])).toThrow(/cycle.*a, b/);
  });
});
