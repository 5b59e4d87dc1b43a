import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** How many of each topic's newest articles are candidates, and how many topics count. */
const CANDIDATES_PER_TOPIC = 16;
const TOPICS_CONSIDERED = 6;

/**
 * Published editorial articles sharing reviewed topics with one article, most shared
 * topics first, then newest. Candidates are each topic's newest articles by id, which
 * the (topic_id, article_id) index yields without sorting the topic's whole history:
 * a topic with fifty thousand articles costs the same as one with fifty.
 * Returns ids only; callers load summaries in one query.
 */
export async function relatedArticleIds(db: Kysely<DB>, articleId: number, topicIds: number[], limit: number): Promise<number[]> {
  if (!topicIds.length || limit <= 0) return [];
  // One statement, an arm per topic (each a range of that topic's index), so a page costs one round trip however many topics it has.
  const arms = topicIds.slice(0, TOPICS_CONSIDERED).map((topicId, i) =>
    db
      .selectFrom(
        db
          .selectFrom('article_topics')
          .innerJoin('articles', 'articles.id', 'article_topics.article_id')
          .select(['articles.id', 'articles.published_at'])
          .where('article_topics.topic_id', '=', topicId)
          .where('article_topics.suggested', '=', 0)
          .where('articles.id', '!=', articleId)
          .where('articles.status', '=', 'published')
          .where('articles.sponsor', 'is', null)
          .orderBy('article_topics.article_id', 'desc')
          .limit(CANDIDATES_PER_TOPIC)
          .as(`topic${i}`),
      )
      .selectAll(),
  );
  const perTopic = await arms.slice(1).reduce((all, arm) => all.unionAll(arm), arms[0]!).execute();
  const candidates = new Map<number, { id: number; shared: number; publishedAt: string }>();
  for (const row of perTopic) {
    const seen = candidates.get(row.id);
    if (seen) seen.shared++;
    else candidates.set(row.id, { id: row.id, shared: 1, publishedAt: row.published_at ?? '' });
  }
  return [...candidates.values()]
    .sort((a, b) => b.shared - a.shared || b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id)
    .slice(0, limit)
    .map((c) => c.id);
}
