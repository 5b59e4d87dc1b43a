import { z } from 'zod';
import { accessLevelSchema } from '../access/access-level.js';
import { bodySchema } from './blocks.js';
import { slugSchema } from './slug.js';
import { optionalUrlSchema } from './urls.js';

/*
 * Kept apart from the article service so that what only checks articles (the importers'
 * reading thread, the API's schemas) does not load the service, its stores and the media library.
 */

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Everything an editor (or an importer) sets on an article. Authors and topics are slugs. */
export const articleInput = z.object({
  headline: z.string().trim().min(1, 'is required').max(300),
  standfirst: z.string().trim().max(1000).default(''),
  slug: slugSchema.optional(),
  section: z.string().min(1, 'is required'),
  authors: z.array(z.string()).max(20).default([]),
  topics: z.array(z.string()).max(50).default([]),
  /** Topics proposed by topic suggestion, kept apart until an editor reviews them. */
  suggestedTopics: z.array(z.string()).max(50).default([]),
  body: bodySchema,
  printIssue: z.number().int().positive().nullable().optional(),
  sponsor: optionalText(200),
  partnerSlotAfter: z.number().int().min(0).max(1000).nullable().optional(),
  seoTitle: optionalText(300),
  seoDescription: optionalText(1000),
  imageUrl: optionalUrlSchema,
  /** The lead image from the media library; its URL becomes `imageUrl` on saving. */
  imageMediaId: z.number().int().positive().nullable().optional(),
  imageAlt: optionalText(1000),
  imageCaption: optionalText(2000),
  imageCredit: optionalText(500),
  /** Focal point, percent from the left and from the top. */
  imageFocalX: z.number().int().min(0).max(100).nullable().optional(),
  imageFocalY: z.number().int().min(0).max(100).nullable().optional(),
  access: accessLevelSchema.default('free'),
});
export type ArticleInput = z.input<typeof articleInput>;
export const articlePatch = articleInput.partial();
export type ArticlePatch = z.input<typeof articlePatch>;
