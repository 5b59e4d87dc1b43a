import { z } from 'zod';
import { accessLevels } from '../../access/access-level.js';
import type { Article } from '../../content/article-store.js';
import { articleInput, articlePatch } from '../../content/article-input.js';
import { bodySchema } from '../../content/blocks.js';
import { statuses } from '../../content/workflow.js';
import { mediaInput, type MediaItem } from '../../media/media-service.js';
import type { Newsletter } from '../../newsletters/catalogue.js';
import type { MemberSummary } from '../../members/admin/member-admin.js';

/**
 * The Admin API's request and response shapes. Request bodies are the schemas the services
 * already validate with (an article is `articleInput`), so the OpenAPI document and the
 * checks cannot drift apart; the API adds only what the URL does not say (the version to save on).
 */

export const createArticleBody = articleInput.meta({ id: 'ArticleInput', description: 'A new draft. Authors and topics are slugs; without authors the byline is empty.' });

export const updateArticleBody = articlePatch
  .extend({ version: z.number().int().positive().describe('The version this edit is based on; a newer saved one answers 409 and nothing is written.') })
  .meta({ id: 'ArticlePatch', description: 'Only the fields sent change.' });

export const scheduleBody = z.object({ scheduledFor: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time like 2026-01-07T09:00:00Z' }) }).meta({ id: 'Schedule' });

/** An upload's fields: the image file and the media library's own text fields. */
export const mediaUploadBody = mediaInput.extend({ file: z.instanceof(File, { message: 'is required: attach a JPEG, PNG, WebP or AVIF image' }) });

/** The same form as the OpenAPI document describes it (a file is binary there). */
export const mediaUploadDocument = mediaInput
  .extend({ file: z.string().meta({ format: 'binary', description: 'A JPEG, PNG, WebP or AVIF image, at most 15 MB.' }) })
  .meta({ id: 'MediaUpload' });

const named = z.object({ slug: z.string(), name: z.string() });

export const articleResource = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    status: z.enum(statuses),
    headline: z.string(),
    standfirst: z.string(),
    slug: z.string(),
    path: z.string(),
    section: named,
    authors: z.array(named),
    topics: z.array(named),
    body: bodySchema,
    access: z.enum(accessLevels),
    sponsor: z.string().nullable(),
    imageUrl: z.string().nullable(),
    scheduledFor: z.string().nullable(),
    firstPublishedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    updatedAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Article' });

export const articleSummaryResource = articleResource.omit({ body: true, topics: true, version: true, scheduledFor: true, createdAt: true, access: true }).meta({ id: 'ArticleSummary' });

export const mediaResource = z
  .object({ id: z.number().int(), src: z.string(), alt: z.string(), caption: z.string(), credit: z.string(), width: z.number().int(), height: z.number().int(), createdAt: z.string() })
  .meta({ id: 'Media' });

export const newsletterResource = z
  .object({ id: z.number().int(), slug: z.string(), name: z.string(), description: z.string(), cadence: z.string().nullable(), audience: z.string(), requiresApproval: z.boolean() })
  .meta({ id: 'Newsletter' });

export const memberResource = z
  .object({ id: z.number().int(), email: z.string(), name: z.string().nullable(), createdAt: z.string(), status: z.string(), plan: z.string().nullable(), origin: z.string() })
  .meta({ id: 'Member' });

export const errorResource = z
  .object({
    error: z.object({
      type: z.string().describe('ValidationError, ForbiddenError, NotFoundError, ConflictError, UnauthorizedError…'),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('Each field that failed validation, by its path in the body.'),
    }),
  })
  .meta({ id: 'Error' });

export const articleOut = (a: Article): z.output<typeof articleResource> => ({
  id: a.id,
  version: a.version,
  status: a.status,
  headline: a.headline,
  standfirst: a.standfirst,
  slug: a.slug,
  path: a.path,
  section: { slug: a.section.slug, name: a.section.name },
  authors: a.authors.map((x) => ({ slug: x.slug, name: x.name })),
  topics: a.topics.filter((t) => !t.suggested).map((t) => ({ slug: t.slug, name: t.name })),
  body: a.body,
  access: a.access,
  sponsor: a.sponsor,
  imageUrl: a.imageUrl,
  scheduledFor: a.scheduledFor,
  firstPublishedAt: a.firstPublishedAt,
  publishedAt: a.publishedAt,
  updatedAt: a.updatedAt,
  createdAt: a.createdAt,
});

export const articleSummaryOut = (a: Pick<Article, 'id' | 'status' | 'headline' | 'standfirst' | 'slug' | 'path' | 'section' | 'authors' | 'sponsor' | 'imageUrl' | 'firstPublishedAt' | 'publishedAt' | 'updatedAt'>) => ({
  id: a.id,
  status: a.status,
  headline: a.headline,
  standfirst: a.standfirst,
  slug: a.slug,
  path: a.path,
  section: { slug: a.section.slug, name: a.section.name },
  authors: a.authors.map((x) => ({ slug: x.slug, name: x.name })),
  sponsor: a.sponsor,
  imageUrl: a.imageUrl,
  firstPublishedAt: a.firstPublishedAt,
  publishedAt: a.publishedAt,
  updatedAt: a.updatedAt,
});

export const mediaOut = (m: MediaItem): z.output<typeof mediaResource> => ({ id: m.id, src: m.src, alt: m.alt, caption: m.caption, credit: m.credit, width: m.width, height: m.height, createdAt: m.createdAt });

export const newsletterOut = (n: Newsletter): z.output<typeof newsletterResource> => ({
  id: n.id,
  slug: n.slug,
  name: n.name,
  description: n.description,
  cadence: n.cadence?.label || null,
  audience: n.audience,
  requiresApproval: n.requiresApproval,
});

export const memberOut = (m: MemberSummary): z.output<typeof memberResource> => ({ id: m.id, email: m.email, name: m.name, createdAt: m.created_at, status: m.status, plan: m.plan, origin: m.origin });
