import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** SQL for the corrections list, read from `article_corrections` (kept by triggers, migration 018). */
export function correctionStore(db: Kysely<DB>) {
  return {
    /** Notes on published articles, newest first: by the day they carry, then the order they were added. */
    published: (limit: number, offset: number) =>
      db
        .selectFrom('article_corrections as c')
        .innerJoin('articles as a', 'a.id', 'c.article_id')
        .innerJoin('sections as s', 's.id', 'a.section_id')
        .where('a.status', '=', 'published')
        .select(['c.id', 'c.kind', 'c.noted_on', 'c.text', 'a.id as article_id', 'a.headline', 'a.slug', 'a.url_month', 's.slug as section_slug'])
        .orderBy('c.noted_on', 'desc')
        .orderBy('c.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
  };
}
