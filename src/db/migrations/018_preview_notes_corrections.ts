import { sql, type Kysely } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * Three things around an unpublished or corrected article:
 *
 * - `share_links`: signed preview links for people without an account. Only the SHA-256 of
 *   the token is kept, so a copy of the database opens no draft; a link ends at `expires_at`
 *   or when revoked.
 * - `article_notes`: the newsroom's notes on a draft, for staff only, never printed on a page.
 * - `article_corrections`: one row per correction or update note in a body, so `/corrections`
 *   is an index range instead of a read of every body. Triggers keep it in step with the
 *   `note` blocks whoever writes the body (editor, importers, the archive generator); a note
 *   left unchanged by a save keeps its row and id, so ids order notes as they were added.
 */
export const previewNotesCorrections: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('share_links'))
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('share_links_article').on('share_links').columns(['article_id', 'expires_at']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('article_notes'))
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'integer')
      .execute();
    await db.schema.createIndex('article_notes_article').on('article_notes').columns(['article_id', 'created_at']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('article_corrections'))
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      // The note's index in the body: a note is known by its place.
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      // The day the note carries (YYYY-MM-DD, in the site's zone when it was written).
      .addColumn('noted_on', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addUniqueConstraint('article_corrections_place', ['article_id', 'position'])
      .execute();
    await db.schema.createIndex('article_corrections_newest').on('article_corrections').columns(['noted_on', 'id']).execute();

    if (dialect.name === 'sqlite') await sqliteCorrections(db);
    else await postgresCorrections(db);
  },
};

/** Cheap test before a body is parsed: JSON.stringify writes every note block with this text in it. */
const MAY_HOLD_NOTES = `'%"note"%'`;

/** Brings an article's rows in line with the note blocks of its body: changed or gone notes leave, new ones join. */
const sqliteSync = `
  DELETE FROM article_corrections WHERE article_id = new.id AND NOT EXISTS (
    SELECT 1 FROM json_each(new.body) j
    WHERE json_extract(j.value, '$.type') = 'note' AND j.key = article_corrections.position
      AND json_extract(j.value, '$.kind') = article_corrections.kind
      AND json_extract(j.value, '$.date') = article_corrections.noted_on
      AND json_extract(j.value, '$.text') = article_corrections.text);
  INSERT INTO article_corrections (article_id, position, kind, noted_on, text)
    SELECT new.id, j.key, json_extract(j.value, '$.kind'), json_extract(j.value, '$.date'), json_extract(j.value, '$.text')
    FROM json_each(new.body) j
    WHERE json_extract(j.value, '$.type') = 'note'
      AND NOT EXISTS (SELECT 1 FROM article_corrections c WHERE c.article_id = new.id AND c.position = j.key);`;

async function sqliteCorrections(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `INSERT INTO article_corrections (article_id, position, kind, noted_on, text)
      SELECT a.id, j.key, json_extract(j.value, '$.kind'), json_extract(j.value, '$.date'), json_extract(j.value, '$.text')
      FROM articles a, json_each(a.body) j
      WHERE a.body LIKE ${MAY_HOLD_NOTES} AND json_extract(j.value, '$.type') = 'note'
      ORDER BY json_extract(j.value, '$.date'), a.id, j.key`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER article_corrections_insert AFTER INSERT ON articles WHEN new.body LIKE ${MAY_HOLD_NOTES} BEGIN ${sqliteSync} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_corrections_update AFTER UPDATE OF body ON articles
      WHEN old.body IS NOT new.body AND (old.body LIKE ${MAY_HOLD_NOTES} OR new.body LIKE ${MAY_HOLD_NOTES}) BEGIN ${sqliteSync} END`,
    )
    .execute(db);
}

async function postgresCorrections(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO article_corrections (article_id, position, kind, noted_on, text)
    SELECT a.id, j.n - 1, j.value->>'kind', j.value->>'date', j.value->>'text'
    FROM articles a, jsonb_array_elements(a.body::jsonb) WITH ORDINALITY AS j(value, n)
    WHERE a.body LIKE '%"note"%' AND j.value->>'type' = 'note'
    ORDER BY j.value->>'date', a.id, j.n`.execute(db);
  await sql`CREATE FUNCTION article_corrections_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM article_corrections c WHERE c.article_id = NEW.id AND NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements(NEW.body::jsonb) WITH ORDINALITY AS j(value, n)
        WHERE j.value->>'type' = 'note' AND j.n - 1 = c.position
          AND j.value->>'kind' = c.kind AND j.value->>'date' = c.noted_on AND j.value->>'text' = c.text);
      INSERT INTO article_corrections (article_id, position, kind, noted_on, text)
        SELECT NEW.id, j.n - 1, j.value->>'kind', j.value->>'date', j.value->>'text'
        FROM jsonb_array_elements(NEW.body::jsonb) WITH ORDINALITY AS j(value, n)
        WHERE j.value->>'type' = 'note'
          AND NOT EXISTS (SELECT 1 FROM article_corrections c WHERE c.article_id = NEW.id AND c.position = j.n - 1);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER article_corrections_insert AFTER INSERT ON articles
    FOR EACH ROW WHEN (NEW.body LIKE '%"note"%') EXECUTE FUNCTION article_corrections_sync()`.execute(db);
  await sql`CREATE TRIGGER article_corrections_update AFTER UPDATE OF body ON articles
    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body AND (OLD.body LIKE '%"note"%' OR NEW.body LIKE '%"note"%'))
    EXECUTE FUNCTION article_corrections_sync()`.execute(db);
}
