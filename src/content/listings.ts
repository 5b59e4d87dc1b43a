import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The newest published articles of one topic or author, as ids, newest first. Each is
 * one range of the (topic_id, suggested, published_at) or (author_id, published_at)
 * index of migration 008, however rare or common the topic, however deep the page.
 * Callers load the teasers with `articles.listPublished({ ids })`.
 */
export function listingService(db: Kysely<DB>) {
  return {
    /** Articles an editor tagged with the topic (suggested, unreviewed topics do not count). */
    async topicArticleIds(topicId: number, limit: number, offset = 0): Promise<number[]> {
      const rows = await db
        .selectFrom('article_topics')
        .select('article_id')
        .where('topic_id', '=', topicId)
        .where('suggested', '=', 0)
        .where('published_at', 'is not', null)
        .orderBy('published_at', 'desc')
        .orderBy('article_id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => r.article_id);
    },

    async authorArticleIds(authorId: number, limit: number, offset = 0): Promise<number[]> {
      const rows = await db
        .selectFrom('article_authors')
        .select('article_id')
        .where('author_id', '=', authorId)
        .where('published_at', 'is not', null)
        .orderBy('published_at', 'desc')
        .orderBy('article_id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => r.article_id);
    },
  };
}

export type ListingService = ReturnType<typeof listingService>;
