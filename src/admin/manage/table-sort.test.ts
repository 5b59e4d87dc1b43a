import { describe, expect, it } from 'vitest';
import { sortFromQuery, sortLink, sortRows } from './table-sort.js';

const rows = [
  { name: 'Zoë', articles: 9 },
  { name: 'ada', articles: 10 },
  { name: 'Zoe', articles: 2 },
  { name: 'Ben', articles: 10 },
];
const keys = { name: (r: (typeof rows)[number]) => r.name, articles: (r: (typeof rows)[number]) => r.articles };

describe('desk list sorting', () => {
  it('takes a sortable column and direction from the query, and falls back on anything else', () => {
    const fallback = { key: 'name', dir: 'asc' as const };
    expect(sortFromQuery({ sort: 'articles', dir: 'desc' }, keys, fallback)).toEqual({ key: 'articles', dir: 'desc' });
    expect(sortFromQuery({ sort: 'articles', dir: 'sideways' }, keys, fallback)).toEqual({ key: 'articles', dir: 'asc' });
    expect(sortFromQuery({ sort: 'password_hash' }, keys, fallback)).toBe(fallback);
    expect(sortFromQuery({ sort: 'constructor' }, keys, fallback)).toBe(fallback);
    expect(sortFromQuery({}, keys, fallback)).toBe(fallback);
  });

  it('orders names as people read them and figures as numbers, keeping ties in their order', () => {
    expect(sortRows(rows, { key: 'name', dir: 'asc' }, keys).map((r) => r.name)).toEqual(['ada', 'Ben', 'Zoë', 'Zoe']);
    expect(sortRows(rows, { key: 'articles', dir: 'desc' }, keys).map((r) => r.name)).toEqual(['ada', 'Ben', 'Zoë', 'Zoe']);
    expect(sortRows(rows, { key: 'articles', dir: 'asc' }, keys).map((r) => r.articles)).toEqual([2, 9, 10, 10]);
    expect(rows[0]!.name).toBe('Zoë');
  });

  it('links a column header to the same page in that order', () => {
    expect(sortLink('/admin/topics')('articles', 'desc')).toBe('/admin/topics?sort=articles&dir=desc');
  });
});
