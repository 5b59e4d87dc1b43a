import { sql, type Kysely } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * Which standing pages (migration 023) use which uploaded image, as `media_uses` (017) does for
 * articles, so the library refuses to delete an image a page still shows. A page has only its
 * body (the articles' block JSON): any string in it holding `/media/u/<32 hex key>/` uses that
 * upload. Triggers keep the rows in step with every insert and update of the body, whoever
 * writes it; deleting a page deletes its rows by cascade. Rows exist only for keys in `media`.
 */
export const pageMediaUsesTable: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('page_media_uses')
      .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('page_id', 'integer', (c) => c.notNull().references('pages.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('page_media_uses_pk', ['media_id', 'page_id'])
      .execute();
    await db.schema.createIndex('page_media_uses_page').on('page_media_uses').column('page_id').execute();
    await (dialect.name === 'sqlite' ? sqliteTriggers(db) : postgresTriggers(db));
    // Backfill: rewriting the body to itself fires the update trigger, which then finds the uses.
    await sql`UPDATE pages SET body = body WHERE body LIKE '%/media/u/%'`.execute(db);
  },
};

const marker = '/media/u/';

/** SQLite walks the body's JSON only when the marker appears, and takes the 32 characters after it as the key. */
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const insertUses = sql`
    INSERT OR IGNORE INTO page_media_uses (media_id, page_id)
      SELECT m.id, new.id
        FROM json_tree(CASE WHEN instr(new.body, '${sql.raw(marker)}') > 0 AND json_valid(new.body) THEN new.body ELSE '[]' END) t
        JOIN media m ON m.storage_key = substr(t.atom, instr(t.atom, '${sql.raw(marker)}') + ${sql.raw(String(marker.length))}, 32)
        WHERE t.type = 'text' AND instr(t.atom, '${sql.raw(marker)}') > 0;`;
  await sql`CREATE TRIGGER page_media_uses_insert AFTER INSERT ON pages BEGIN ${insertUses} END`.execute(db);
  await sql`CREATE TRIGGER page_media_uses_update AFTER UPDATE OF body ON pages BEGIN
    DELETE FROM page_media_uses WHERE page_id = new.id;
    ${insertUses}
  END`.execute(db);
}

/** PostgreSQL reads the keys out of the body's text with a regular expression, when the marker appears at all. */
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION page_media_uses_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        DELETE FROM page_media_uses WHERE page_id = NEW.id;
      END IF;
      IF strpos(NEW.body, '/media/u/') = 0 THEN
        RETURN NULL;
      END IF;
      INSERT INTO page_media_uses (media_id, page_id)
        SELECT m.id, NEW.id
          FROM (SELECT DISTINCT found.parts[1] AS storage_key FROM regexp_matches(NEW.body, '/media/u/([0-9a-f]{32})/', 'g') AS found(parts)) used
          JOIN media m ON m.storage_key = used.storage_key
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER page_media_uses_sync AFTER INSERT OR UPDATE OF body ON pages
    FOR EACH ROW EXECUTE FUNCTION page_media_uses_sync()`.execute(db);
}
