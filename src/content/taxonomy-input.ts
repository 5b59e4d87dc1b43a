import { z } from 'zod';
import { slugSchema } from './slug.js';
import { optionalUrlSchema } from './urls.js';

/*
 * What an editor or an import sets on a section, author, topic or print issue, kept apart from
 * the taxonomy service so that the importers' reading thread checks terms without loading it.
 */

/** Slugs the site uses for its own pages; a section may not take them. */
const reservedSectionSlugs = new Set([
  'admin', 'api', 'archive', 'author', 'feed', 'healthz', 'issue', 'media', 'metrics', 'newsletters',
  'on-this-day', 'robots.txt', 'search', 'sitemap.xml', 'sitemap-news.xml', 'static', 'support', 'topic',
]);

export const sectionInput = z.object({
  slug: slugSchema.refine((s) => !reservedSectionSlugs.has(s), 'is reserved for a site page'),
  name: z.string().trim().min(1, 'is required').max(100),
  description: z.string().trim().max(1000).default(''),
  position: z.number().int().optional(),
});
export const authorInput = z.object({
  slug: slugSchema.optional(),
  name: z.string().trim().min(1, 'is required').max(200),
  bio: z.string().trim().max(5000).default(''),
  photoUrl: optionalUrlSchema,
});
export const topicInput = z.object({
  slug: slugSchema.optional(),
  name: z.string().trim().min(1, 'is required').max(200),
});
export const printIssueInput = z.object({
  number: z.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-30'),
  title: z.string().trim().max(300).default(''),
  coverUrl: optionalUrlSchema,
});
