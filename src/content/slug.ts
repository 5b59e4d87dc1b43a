import { z } from 'zod';

export const slugSchema = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens, like "my-article"');

/**
 * A URL slug from any title: accents folded, punctuation dropped, at most `max` characters
 * cut at a word boundary.
 *
 * @example slugify("Russia’s hold, deepening") // "russias-hold-deepening"
 */
export function slugify(text: string, max = 80): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug || 'untitled';
  const cut = slug.slice(0, max);
  return cut.slice(0, cut.lastIndexOf('-') > max / 2 ? cut.lastIndexOf('-') : max).replace(/-+$/, '');
}
