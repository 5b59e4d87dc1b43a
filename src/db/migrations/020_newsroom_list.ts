import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * The newsroom's article list (/admin/articles) sorts by last change, publication date or
 * headline, filters by status, section, author and headline text, and pages by keyset
 * (each page starts after the last row of the one before), over archives of a quarter of a
 * million articles. Each order gets two covering indexes: one in that order, one in that
 * order within a status. Both carry status, section and headline, so a filter or a headline
 * search is checked inside the index as it is walked and no article row is read until the
 * page's rows are known. Never-published articles sort as '' by publication date, so the
 * order has no NULLs (which the two databases place at opposite ends).
 * The dashboard's "signups this week" reads recent confirmations from one more index.
 */
export const newsroomListIndexes: BroadsheetMigration = {
  async up(db) {
    const published = sql`coalesce(published_at, '')`;
    const indexes = [
      ['articles_list_updated', sql`updated_at, id, status, section_id, headline`],
      ['articles_list_status_updated', sql`status, updated_at, id, section_id, headline`],
      ['articles_list_published', sql`${published}, id, status, section_id, headline, published_at`],
      ['articles_list_status_published', sql`status, ${published}, id, section_id, headline, published_at`],
      ['articles_list_headline', sql`headline, id, status, section_id`],
      ['articles_list_status_headline', sql`status, headline, id, section_id`],
    ] as const;
    for (const [name, columns] of indexes) await sql`CREATE INDEX ${sql.ref(name)} ON articles (${columns})`.execute(db);
    await db.schema.createIndex('subscriptions_confirmed').on('subscriptions').columns(['status', 'confirmed_at', 'newsletter_id']).execute();
  },
};
