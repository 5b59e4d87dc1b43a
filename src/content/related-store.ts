import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { unionAll } from '../db/union-all.js';

/** How many of each topic's newest articles are candidates, and how many topics count. */
const CANDIDATES_PER_TOPIC = 16;
export const TOPICS_CONSIDERED = 6;

/**
 * Published editorial articles sharing reviewed topics with one article, most shared topics
 * first, then newest: a query of their ids and places (1 first), to be joined rather than run
 * on its own, so that the teasers and their authors come in the same round trip. Candidates are
 * each topic's newest articles by id, which the (topic_id, article_id) index yields without
 * sorting the topic's whole history: a topic with fifty thousand articles costs the same as one
 * with fifty. `topicIds`: one to TOPICS_CONSIDERED of them.
 */
export function relatedArticlesQuery(db: Kysely<DB>, articleId: number, topicIds: number[], limit: number) {
  // An arm per topic (each a range of that topic's index), in one statement however many topics there are.
  const arms = topicIds.map((topicId, i) =>
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
  const candidates = unionAll(arms);
  return db
    .selectFrom(candidates.as('candidates'))
    .select(['candidates.id', sql<number>`row_number() over (order by count(*) desc, max(candidates.published_at) desc, candidates.id desc)`.as('place')])
    .groupBy('candidates.id')
    .orderBy('place')
    .limit(limit);
}
