import { sql, type Kysely } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * Which articles use which uploaded image, so the library can show an image's articles and
 * refuse to delete one still in use. An upload is served at `/media/u/<32 hex key>/<width>.webp`;
 * any string in an article's body (an image block's src or srcset, a link to the file) or its
 * feature image that holds such a path uses that upload. Triggers keep the rows in step with
 * every insert and update of those columns, whoever writes them (the editor, imports, restores);
 * deleting an article deletes its rows by cascade.
 *
 * `place` is 'body' or 'lead' (the feature image). Rows exist only for keys found in `media`.
 */
export const mediaUsesTable: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('media_uses')
      .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('place', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('media_uses_pk', ['media_id', 'article_id', 'place'])
      .execute();
    await db.schema.createIndex('media_uses_article').on('media_uses').column('article_id').execute();
    await (dialect.name === 'sqlite' ? sqliteTriggers(db) : postgresTriggers(db));
    // Backfill: rewriting a column to itself fires the update trigger, which then finds the uses.
    await sql`UPDATE articles SET body = body WHERE body LIKE '%/media/u/%' OR image_url LIKE '%/media/u/%'`.execute(db);
  },
};

const marker = '/media/u/';

/**
 * SQLite walks the body's JSON (only when the marker appears at all, so most saves cost one
 * substring search) and takes the 32 characters after the marker as the key.
 */
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const keyAt = (text: string) => sql.raw(`substr(${text}, instr(${text}, '${marker}') + ${marker.length}, 32)`);
  const insertUses = sql`
    INSERT OR IGNORE INTO media_uses (media_id, article_id, place)
      SELECT m.id, new.id, 'body'
        FROM json_tree(CASE WHEN instr(new.body, '${sql.raw(marker)}') > 0 AND json_valid(new.body) THEN new.body ELSE '[]' END) t
        JOIN media m ON m.storage_key = ${keyAt('t.atom')}
        WHERE t.type = 'text' AND instr(t.atom, '${sql.raw(marker)}') > 0
      UNION
      SELECT m.id, new.id, 'lead' FROM media m
        WHERE instr(new.image_url, '${sql.raw(marker)}') > 0 AND m.storage_key = ${keyAt('new.image_url')};`;
  await sql`CREATE TRIGGER media_uses_insert AFTER INSERT ON articles BEGIN ${insertUses} END`.execute(db);
  await sql`CREATE TRIGGER media_uses_update AFTER UPDATE OF body, image_url ON articles BEGIN
    DELETE FROM media_uses WHERE article_id = new.id;
    ${insertUses}
  END`.execute(db);
}

/** PostgreSQL reads the keys out of the body's text with a regular expression, when the marker appears at all. */
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION media_uses_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        DELETE FROM media_uses WHERE article_id = NEW.id;
      END IF;
      -- Most articles hold no upload: one substring search each, and no regular expression.
      IF strpos(NEW.body, '/media/u/') = 0 AND strpos(coalesce(NEW.image_url, ''), '/media/u/') = 0 THEN
        RETURN NULL;
      END IF;
      INSERT INTO media_uses (media_id, article_id, place)
        SELECT m.id, NEW.id, used.place FROM (
          SELECT found.parts[1] AS storage_key, 'body' AS place FROM regexp_matches(NEW.body, '/media/u/([0-9a-f]{32})/', 'g') AS found(parts)
          UNION
          SELECT substring(NEW.image_url FROM '/media/u/([0-9a-f]{32})/'), 'lead'
        ) used
        JOIN media m ON m.storage_key = used.storage_key
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER media_uses_sync AFTER INSERT OR UPDATE OF body, image_url ON articles
    FOR EACH ROW EXECUTE FUNCTION media_uses_sync()`.execute(db);
}
