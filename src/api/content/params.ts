import { ValidationError } from '../../errors.js';
import { parseFilter, type FilterNode } from './nql.js';
import type { Order } from './content-store.js';

/** Ghost's largest page; `limit=all` is answered with this many too (Ghost itself no longer sends unbounded pages). */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 15;

/** What one resource accepts: the fields it orders by (Ghost name → column), its include values and its default order. */
export interface ResourceOptions {
  orderable: Record<string, string>;
  includes: readonly string[];
  defaultOrder: Order;
  /** Ghost's `formats` apply to posts and pages. */
  formats: boolean;
}

export interface BrowseParams {
  filter?: FilterNode;
  limit: number;
  page: number;
  order: Order;
  include: Set<string>;
  /** Ghost field names to keep, or undefined for all. */
  fields?: Set<string>;
  formats: Set<'html' | 'plaintext'>;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const invalid = (param: string, message: string) => new ValidationError(`Validation error, cannot read ${param}`, [{ path: param, message }]);

/**
 * The query of a Content API request, checked: `limit` (1–100 or all), `page`, `order`
 * (`field asc|desc`, comma-separated), `include`, `fields`, `formats` and `filter` (NQL subset).
 * A bad value is a ValidationError naming the parameter; a bad filter a FilterError (400).
 */
export function browseParams(query: Record<string, string | undefined>, resource: ResourceOptions): BrowseParams {
  const limitText = query.limit ?? String(DEFAULT_LIMIT);
  let limit: number;
  if (limitText === 'all') limit = MAX_LIMIT;
  else if (/^\d{1,9}$/.test(limitText) && Number(limitText) >= 1) limit = Math.min(Number(limitText), MAX_LIMIT);
  else throw invalid('limit', `must be a whole number from 1 to ${MAX_LIMIT}, or all`);

  const pageText = query.page ?? '1';
  if (!/^\d{1,9}$/.test(pageText) || Number(pageText) < 1) throw invalid('page', 'must be a whole number from 1');
  const page = Number(pageText);

  const order: Order = [];
  for (const part of list(query.order)) {
    const [field = '', direction = 'asc', ...rest] = part.split(/\s+/);
    const column = Object.hasOwn(resource.orderable, field.toLowerCase()) ? resource.orderable[field.toLowerCase()] : undefined;
    const dir = direction.toLowerCase();
    if (!column || rest.length || (dir !== 'asc' && dir !== 'desc')) {
      throw invalid('order', `"${part}" is not "field asc" or "field desc" with a field from ${Object.keys(resource.orderable).join(', ')}`);
    }
    order.push({ column, direction: dir });
  }

  const include = new Set(list(query.include));
  for (const i of include) if (!resource.includes.includes(i)) throw invalid('include', `"${i}" is not one of ${resource.includes.join(', ') || '(nothing to include here)'}`);

  const formats = new Set<'html' | 'plaintext'>();
  for (const f of list(query.formats ?? (resource.formats ? 'html' : ''))) {
    if (f !== 'html' && f !== 'plaintext') throw invalid('formats', `"${f}" is not html or plaintext`);
    formats.add(f);
  }

  const fields = query.fields === undefined ? undefined : new Set(list(query.fields));
  return {
    filter: query.filter ? parseFilter(query.filter) : undefined,
    limit,
    page,
    // The id last, so that rows with equal dates or names keep one order from page to page.
    order: [...(order.length ? order : resource.defaultOrder), { column: resource.orderable.id!, direction: 'desc' }],
    include,
    fields: fields?.size ? fields : undefined,
    formats,
  };
}

/** Ghost's `meta.pagination`. */
export function pagination(params: Pick<BrowseParams, 'page' | 'limit'>, total: number) {
  const pages = Math.max(1, Math.ceil(total / params.limit));
  return { page: params.page, limit: params.limit, pages, total, next: params.page < pages ? params.page + 1 : null, prev: params.page > 1 ? params.page - 1 : null };
}

/** Keeps only the asked-for fields (Ghost ignores names it does not know). */
export function pick<T extends Record<string, unknown>>(item: T, fields: Set<string> | undefined): Partial<T> {
  if (!fields) return item;
  return Object.fromEntries(Object.entries(item).filter(([key]) => fields.has(key))) as Partial<T>;
}
