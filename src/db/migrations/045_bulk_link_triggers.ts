import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * Two PostgreSQL row triggers that a bulk insert paid for on every row, now cheaper.
 *
 * - A topic or author link's listing date (migration 008) was copied from its article by a
 *   PL/pgSQL trigger before each row: a function call and a query per link, a fifth of an
 *   import's link writes. The writers give the date themselves, so it is now checked once
 *   per statement, and the rows are only updated when a writer gave a wrong one or none.
 * - The word-pairs trigger (migration 044) was called for every search row, even those that
 *   bring their pairs; its insert trigger now fires only for rows without them. An update of
 *   the document always finds them again.
 */
export const bulkLinkTriggers: BroadsheetMigration = {
  async up(db, dialect) {
    if (dialect.name === 'sqlite') return;
    await sql`CREATE FUNCTION article_listing_correct() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM inserted n
            WHERE n.published_at IS DISTINCT FROM (SELECT a.published_at FROM articles a WHERE a.id = n.article_id AND a.status = 'published')) THEN
          EXECUTE format('UPDATE %I t SET published_at = (SELECT a.published_at FROM articles a WHERE a.id = t.article_id AND a.status = ''published'')
            WHERE t.article_id IN (SELECT article_id FROM inserted)', TG_TABLE_NAME);
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    for (const table of ['article_topics', 'article_authors']) {
      const trigger = sql.raw(`${table}_published_insert`);
      await sql`DROP TRIGGER ${trigger} ON ${sql.table(table)}`.execute(db);
      await sql`CREATE TRIGGER ${trigger} AFTER INSERT ON ${sql.table(table)}
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION article_listing_correct()`.execute(db);
    }
    await sql`DROP FUNCTION article_listing_copy()`.execute(db);

    await sql`DROP TRIGGER article_search_pairs ON article_search`.execute(db);
    await sql`CREATE OR REPLACE FUNCTION article_search_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.pairs := search_pairs(NEW.document);
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER article_search_pairs_insert BEFORE INSERT ON article_search
      FOR EACH ROW WHEN (NEW.pairs IS NULL) EXECUTE FUNCTION article_search_pairs()`.execute(db);
    await sql`CREATE TRIGGER article_search_pairs_update BEFORE UPDATE OF document ON article_search
      FOR EACH ROW EXECUTE FUNCTION article_search_pairs()`.execute(db);
  },
};
