import { sql, type Kysely } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * The newsroom list's "headline contains" at archive scale. A pattern like '%harbour%'
 * cannot use a b-tree, so a rare word meant reading every headline. Both databases now
 * index the headlines' trigrams (every run of three characters), which finds the few
 * headlines holding a rare word directly: SQLite in an external-content FTS5 table with
 * the trigram tokenizer (no second copy of the text; triggers keep it in step, as 004
 * does), PostgreSQL with pg_trgm's GIN index, which ILIKE uses on the column itself.
 *
 * Two narrow indexes go with it: `articles_list_rows` gives a match's status, section and
 * sort keys without reading its wide row (whose body sits before them), and
 * `articles_list_section` lets a count within one section walk that section's entries
 * only, checking the headline inside the index.
 */
export const headlineTrigrams: BroadsheetMigration = {
  async up(db, dialect) {
    await (dialect.name === 'sqlite' ? sqliteTrigrams(db) : postgresTrigrams(db));
    await sql`CREATE INDEX articles_list_rows ON articles (id, status, section_id, updated_at, published_at, headline)`.execute(db);
    await sql`CREATE INDEX articles_list_section ON articles (section_id, status, headline, id)`.execute(db);
  },
};

async function sqliteTrigrams(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE article_headlines USING fts5(headline, content='articles', content_rowid='id', tokenize='trigram')`.execute(db);
  await sql`INSERT INTO article_headlines(article_headlines) VALUES ('rebuild')`.execute(db);
  await sql`CREATE TRIGGER article_headlines_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_headlines(rowid, headline) VALUES (new.id, new.headline);
  END`.execute(db);
  // An external-content index forgets a row only when told its old text exactly.
  await sql`CREATE TRIGGER article_headlines_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_headlines(article_headlines, rowid, headline) VALUES ('delete', old.id, old.headline);
  END`.execute(db);
  await sql`CREATE TRIGGER article_headlines_update AFTER UPDATE OF headline ON articles WHEN old.headline IS NOT new.headline BEGIN
    INSERT INTO article_headlines(article_headlines, rowid, headline) VALUES ('delete', old.id, old.headline);
    INSERT INTO article_headlines(rowid, headline) VALUES (new.id, new.headline);
  END`.execute(db);
}

/** pg_trgm ships with PostgreSQL and is a trusted extension (13+): a database's owner may create it. */
async function postgresTrigrams(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE INDEX articles_headline_trigrams ON articles USING gin (headline gin_trgm_ops)`.execute(db);
}
