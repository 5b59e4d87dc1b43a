import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * PostgreSQL's insert trigger for search rows (migration 032) stands aside for a transaction
 * that says it writes them itself, by setting `broadsheet.search_rows` to `supplied` for the
 * transaction. An import does: to_tsvector was a third of PostgreSQL's time per imported
 * article, and the import has it computed on a second connection, on the other core, while
 * its own connection writes the articles (src/search/supplied-search-rows.ts). Every other
 * insert, and every update (the row trigger of 004), is indexed as before.
 */
export const suppliedSearchRows: BroadsheetMigration = {
  async up(db, dialect) {
    if (dialect.name === 'sqlite') return;
    await sql`CREATE OR REPLACE FUNCTION article_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('broadsheet.search_rows', true) = 'supplied' THEN
          RETURN NULL;
        END IF;
        INSERT INTO article_search (article_id, document)
          SELECT n.id,
            setweight(to_tsvector('english', n.headline), 'A') ||
            setweight(to_tsvector('english', n.standfirst), 'B') ||
            setweight(to_tsvector('english', n.body_text), 'D')
          FROM inserted n WHERE n.status = 'published'
          ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
      END $$`.execute(db);
  },
};
