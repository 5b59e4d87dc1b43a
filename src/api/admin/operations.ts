import { z } from 'zod';
import type { Actor } from '../../content/article-policy.js';
import { ValidationError } from '../../errors.js';
import { memberFilterFrom } from '../../members/admin/member-admin.js';
import type { Services } from '../../services.js';
import {
  articleOut,
  articleResource,
  articleSummaryOut,
  articleSummaryResource,
  createArticleBody,
  mediaOut,
  mediaResource,
  mediaUploadBody,
  mediaUploadDocument,
  memberOut,
  memberResource,
  newsletterOut,
  newsletterResource,
  scheduleBody,
  updateArticleBody,
} from './schemas.js';

/** What a handler gets: who is acting (the token's role, as the newsroom's policy takes it), the path's id, the checked body, the query. */
export interface OperationInput<B> {
  actor: Actor;
  id: number;
  body: B;
  query: Record<string, string | undefined>;
}

/**
 * One Admin API operation: its address, what it takes and answers (zod schemas, which also make
 * the OpenAPI document) and the service call. Handlers only translate: the services check roles.
 */
export interface Operation<B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'patch';
  /** OpenAPI-style path under /api/admin, `{id}` for an integer id. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'Articles' | 'Media' | 'Newsletters' | 'Members';
  /** `document`: the body as OpenAPI shows it, when the checked form differs (a file). */
  body?: { schema: B; type: 'application/json' | 'multipart/form-data'; document?: z.ZodType };
  query?: Array<{ name: string; description: string }>;
  status: 200 | 201;
  response: z.ZodType;
  run(services: Services, input: OperationInput<z.output<B>>): Promise<unknown>;
}

const op = <B extends z.ZodType>(o: Operation<B>) => o as unknown as Operation;
const list = <T extends z.ZodType>(key: string, item: T, extra: Record<string, z.ZodType> = {}) => z.object({ [key]: z.array(item), ...extra });

const positivePage = (value: string | undefined) => {
  if (value === undefined) return 1;
  const page = Number(value);
  if (!Number.isInteger(page) || page < 1) throw new ValidationError('The query has a problem', [{ path: 'page', message: 'must be a whole number from 1' }]);
  return page;
};

export const operations: Operation[] = [
  op({
    method: 'get',
    path: '/articles',
    operationId: 'listArticles',
    summary: 'Articles the token may see, newest changed first (50 a page)',
    tag: 'Articles',
    query: [
      { name: 'status', description: 'draft, in_review, scheduled, published or unpublished' },
      { name: 'page', description: 'From 1' },
    ],
    status: 200,
    response: list('articles', articleSummaryResource),
    async run(services, { actor, query }) {
      const status = query.status as z.output<typeof articleResource>['status'] | undefined;
      if (status !== undefined && !articleResource.shape.status.options.includes(status)) {
        throw new ValidationError('The query has a problem', [{ path: 'status', message: `must be one of ${articleResource.shape.status.options.join(', ')}` }]);
      }
      const page = positivePage(query.page);
      const rows = await services.editorial.list(actor, { ...(status ? { status } : {}), order: 'updated', limit: 50, offset: (page - 1) * 50 });
      return { articles: rows.map(articleSummaryOut) };
    },
  }),
  op({
    method: 'post',
    path: '/articles',
    operationId: 'createArticle',
    summary: 'Create a draft',
    tag: 'Articles',
    body: { schema: createArticleBody, type: 'application/json' },
    status: 201,
    response: z.object({ article: articleResource }),
    run: async (services, { actor, body }) => ({ article: articleOut(await services.editorial.create(actor, body)) }),
  }),
  op({
    method: 'get',
    path: '/articles/{id}',
    operationId: 'getArticle',
    summary: 'One article, with its body',
    tag: 'Articles',
    status: 200,
    response: z.object({ article: articleResource }),
    run: async (services, { actor, id }) => ({ article: articleOut(await services.editorial.get(actor, id)) }),
  }),
  op({
    method: 'patch',
    path: '/articles/{id}',
    operationId: 'updateArticle',
    summary: 'Change an article (a live one keeps a revision)',
    tag: 'Articles',
    body: { schema: updateArticleBody, type: 'application/json' },
    status: 200,
    response: z.object({ article: articleResource }),
    async run(services, { actor, id, body }) {
      const { version, ...patch } = body;
      return { article: articleOut(await services.editorial.save(actor, id, patch, version)) };
    },
  }),
  op({
    method: 'post',
    path: '/articles/{id}/publish',
    operationId: 'publishArticle',
    summary: 'Publish now',
    tag: 'Articles',
    status: 200,
    response: z.object({ article: articleResource }),
    run: async (services, { actor, id }) => ({ article: articleOut(await services.editorial.publish(actor, id)) }),
  }),
  op({
    method: 'post',
    path: '/articles/{id}/schedule',
    operationId: 'scheduleArticle',
    summary: 'Publish at a future time',
    tag: 'Articles',
    body: { schema: scheduleBody, type: 'application/json' },
    status: 200,
    response: z.object({ article: articleResource }),
    run: async (services, { actor, id, body }) => ({ article: articleOut(await services.editorial.schedule(actor, id, body.scheduledFor)) }),
  }),
  op({
    method: 'post',
    path: '/articles/{id}/unpublish',
    operationId: 'unpublishArticle',
    summary: 'Take a live article down',
    tag: 'Articles',
    status: 200,
    response: z.object({ article: articleResource }),
    run: async (services, { actor, id }) => ({ article: articleOut(await services.editorial.unpublish(actor, id)) }),
  }),
  op({
    method: 'post',
    path: '/media',
    operationId: 'uploadMedia',
    summary: 'Upload an image to the media library (stored as WebP and AVIF at every width)',
    tag: 'Media',
    body: { schema: mediaUploadBody, type: 'multipart/form-data', document: mediaUploadDocument },
    status: 201,
    response: z.object({ media: mediaResource }),
    // Every newsroom role uploads (src/media/media-policy.ts), so the library asks no role.
    async run(services, { body: { file, ...text } }) {
      return { media: mediaOut(await services.media.upload({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }, text, null)) };
    },
  }),
  op({
    method: 'get',
    path: '/newsletters',
    operationId: 'listNewsletters',
    summary: 'Every newsletter',
    tag: 'Newsletters',
    status: 200,
    response: list('newsletters', newsletterResource),
    run: async (services, { actor }) => ({ newsletters: (await services.desk.newsletters(actor)).map(newsletterOut) }),
  }),
  op({
    method: 'get',
    path: '/members',
    operationId: 'listMembers',
    summary: 'Readers and members, newest first (50 a page), filtered as in the newsroom',
    tag: 'Members',
    query: [
      { name: 'q', description: 'Part of an email address or name' },
      { name: 'status', description: 'member, past_due, lapsed or free' },
      { name: 'source', description: 'stripe, complimentary, import or signup' },
      { name: 'from', description: 'Signed up on or after (YYYY-MM-DD)' },
      { name: 'to', description: 'Signed up on or before (YYYY-MM-DD)' },
      { name: 'page', description: 'From 1' },
    ],
    status: 200,
    response: list('members', memberResource, { hasNext: z.boolean() }),
    async run(services, { actor, query }) {
      const { members, hasNext } = await services.memberAdmin.list(actor, memberFilterFrom(query), positivePage(query.page));
      return { members: members.map(memberOut), hasNext };
    },
  }),
];
