import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { GoneError, NotFoundError } from '../errors.js';
import type { Actor, Authorize } from './article-policy.js';
import type { Article } from './article-store.js';
import type { ArticleService } from './articles.js';
import type { EditorialService } from './editorial.js';
import { shareLinkStore, type ShareLinkRow } from './share-link-store.js';

/** How long a share-preview link opens the draft. */
export const SHARE_LINK_DAYS = 7;
const DAY_MS = 86_400_000;

/** 32 random bytes, base64url: 256 bits, 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ShareLink {
  id: number;
  articleId: number;
  createdAt: string;
  expiresAt: string;
}

const linkOf = (row: ShareLinkRow): ShareLink => ({ id: row.id, articleId: row.article_id, createdAt: row.created_at, expiresAt: row.expires_at });

export interface SharePreviewOptions {
  authorize: Authorize;
  now?: () => Date;
}

/**
 * Signed preview links for someone without an account: the link carries a random token, the
 * database only its SHA-256, so neither a leaked backup nor a guess opens a draft. A link
 * shows the article as it is now (the current draft), for seven days or until revoked.
 */
export function sharePreviewService(db: Kysely<DB>, deps: { editorial: Pick<EditorialService, 'get'>; articles: Pick<ArticleService, 'get'> }, options: SharePreviewOptions) {
  const now = () => options.now?.() ?? new Date();
  const store = shareLinkStore(db);

  async function shareable(user: Actor, articleId: number): Promise<Article> {
    const article = await deps.editorial.get(user, articleId);
    options.authorize(user, 'article.share', article);
    return article;
  }

  return {
    /** Makes a link; the token is returned this once and never again. */
    async create(user: Actor, articleId: number): Promise<{ link: ShareLink; token: string }> {
      await shareable(user, articleId);
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const at = now();
      const row = await store.insert({
        article_id: articleId,
        token_hash: hashOf(token),
        created_by: user.id,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + SHARE_LINK_DAYS * DAY_MS).toISOString(),
      });
      return { link: linkOf(row), token };
    },

    /** The article's links that still open, soonest to expire first. */
    async active(user: Actor, articleId: number): Promise<ShareLink[]> {
      await shareable(user, articleId);
      return (await store.active(articleId, now().toISOString())).map(linkOf);
    },

    /** Ends a link at once; NotFoundError when the article has no such open link. */
    async revoke(user: Actor, articleId: number, linkId: number): Promise<void> {
      await shareable(user, articleId);
      if (!(await store.revoke(articleId, linkId, now().toISOString()))) throw new NotFoundError('No such share link, or it was already revoked');
    },

    /**
     * The article a token opens, as it stands now. An unknown token is NotFoundError; a
     * revoked or expired one GoneError, saying which, so the reader knows to ask again.
     */
    async open(token: string): Promise<Article> {
      const row = TOKEN_SHAPE.test(token) ? await store.byHash(hashOf(token)) : undefined;
      if (!row) throw new NotFoundError('This preview link does not exist. Check that it was copied whole.');
      if (row.revoked_at !== null) throw new GoneError('This preview link was revoked. Ask the newsroom for a new one.');
      if (Date.parse(row.expires_at) <= now().getTime()) throw new GoneError('This preview link has expired. Ask the newsroom for a new one.');
      const article = await deps.articles.get(row.article_id);
      if (!article) throw new NotFoundError('This preview link does not exist. Check that it was copied whole.');
      return article;
    },
  };
}

export type SharePreviewService = ReturnType<typeof sharePreviewService>;
