import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The headline and section name of a published article, the only articles with a card; undefined for any other. */
export function shareCardStore(db: Kysely<DB>) {
  return {
    async publishedCardSubject(articleId: number): Promise<{ headline: string; section: string } | undefined> {
      return db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .select(['articles.headline as headline', 'sections.name as section'])
        .where('articles.id', '=', articleId)
        .where('articles.status', '=', 'published')
        .executeTakeFirst();
    },
  };
}
