import { sql, type Kysely } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * PostgreSQL runs a row trigger's function once per row, each with its own small
 * statements: an import or a generated archive of 100,000 articles paid for 100,000
 * search-index inserts, 100,000 upserts of the same few `archive_months` rows and
 * 100,000 media-use checks one at a time. On insert these become statement triggers
 * over the statement's transition table, doing the same work in one set-based
 * statement each; updates and deletes keep their row triggers (PostgreSQL allows no
 * transition table on a trigger with a column list or more than one event).
 *
 * The published date copied into `article_topics` and `article_authors` (migration 008)
 * stays a row trigger: its primary-key lookup per row is cheap, whereas a statement over
 * a join is planned once per session, when the tables may still be empty, and that plan
 * (a scan of `articles` per row) was then reused for a whole archive.
 *
 * What every table holds afterwards is exactly what the row triggers left. SQLite's
 * triggers are row triggers by nature and cheap in-process calls: unchanged there.
 */
export const bulkInsertTriggers: BroadsheetMigration = {
  async up(db, dialect) {
    if (dialect.name !== 'sqlite') await postgresStatementTriggers(db);
  },
};

async function postgresStatementTriggers(db: Kysely<any>): Promise<void> {
  // Search (004): the row trigger now answers updates only.
  await sql`DROP TRIGGER article_search_sync ON articles`.execute(db);
  await sql`CREATE TRIGGER article_search_sync AFTER UPDATE OF headline, standfirst, body_text, status ON articles
    FOR EACH ROW EXECUTE FUNCTION article_search_sync()`.execute(db);
  await sql`CREATE FUNCTION article_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO article_search (article_id, document)
        SELECT n.id,
          setweight(to_tsvector('english', n.headline), 'A') ||
          setweight(to_tsvector('english', n.standfirst), 'B') ||
          setweight(to_tsvector('english', n.body_text), 'D')
        FROM inserted n WHERE n.status = 'published'
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER article_search_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION article_search_insert()`.execute(db);

  // Month counts (008): one upsert per month touched instead of one per article.
  await sql`DROP TRIGGER archive_months_insert ON articles`.execute(db);
  await sql`CREATE FUNCTION archive_months_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO archive_months (url_month, published, changed_at)
        SELECT n.url_month, count(*), max(n.updated_at) FROM inserted n WHERE n.status = 'published' GROUP BY n.url_month
        ON CONFLICT (url_month) DO UPDATE
        SET published = archive_months.published + EXCLUDED.published, changed_at = GREATEST(archive_months.changed_at, EXCLUDED.changed_at);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER archive_months_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION archive_months_insert()`.execute(db);

  // Media uses (017): the uploads named in new articles, found in one pass.
  await sql`DROP TRIGGER media_uses_sync ON articles`.execute(db);
  await sql`CREATE TRIGGER media_uses_sync AFTER UPDATE OF body, image_url ON articles
    FOR EACH ROW EXECUTE FUNCTION media_uses_sync()`.execute(db);
  await sql`CREATE FUNCTION media_uses_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO media_uses (media_id, article_id, place)
        SELECT m.id, n.id, used.place
        FROM inserted n
        CROSS JOIN LATERAL (
          SELECT found.parts[1] AS storage_key, 'body' AS place FROM regexp_matches(n.body, '/media/u/([0-9a-f]{32})/', 'g') AS found(parts)
          UNION
          SELECT substring(n.image_url FROM '/media/u/([0-9a-f]{32})/'), 'lead'
        ) used
        JOIN media m ON m.storage_key = used.storage_key
        -- Most articles hold no upload: one substring search each, and no regular expression.
        WHERE strpos(n.body, '/media/u/') > 0 OR strpos(coalesce(n.image_url, ''), '/media/u/') > 0
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER media_uses_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION media_uses_insert()`.execute(db);
}
