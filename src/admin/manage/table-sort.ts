import type { SortDir } from '../components/DataTable.js';

/** How a desk list may be ordered: each sortable column's value for a row. */
export type SortKeys<T> = Record<string, (row: T) => string | number>;

export interface TableSort {
  key: string;
  dir: SortDir;
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** The order a list's `?sort=&dir=` asks for, if it names a sortable column; otherwise `fallback`. */
export function sortFromQuery<T>(query: { sort?: string; dir?: string }, keys: SortKeys<T>, fallback: TableSort): TableSort {
  if (!query.sort || !Object.hasOwn(keys, query.sort)) return fallback;
  return { key: query.sort, dir: query.dir === 'desc' ? 'desc' : 'asc' };
}

/**
 * The rows in that order, compared as people read them ('Zoë' beside 'Zoe', '10' after '9').
 * The desk's taxonomy lists are short and already in memory, so sorting happens here rather than in SQL.
 */
export function sortRows<T>(rows: readonly T[], sort: TableSort, keys: SortKeys<T>): T[] {
  const value = keys[sort.key];
  if (!value) return [...rows];
  const sign = sort.dir === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)));
  });
}

/** The href of a list's column header: the same page in that order. */
export const sortLink = (path: string) => (key: string, dir: SortDir) => `${path}?${new URLSearchParams({ sort: key, dir })}`;
