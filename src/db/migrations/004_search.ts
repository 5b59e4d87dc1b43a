import { sql, type Kysely } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * Full-text search over published articles, weighted headline > standfirst > body.
 *
 * `articles.body_text` holds the body's plain text (kept by the article service),
 * because neither database can cheaply pull text out of the typed-block JSON in a
 * trigger. Triggers then keep the index in step with every insert, update, publish,
 * unpublish and delete, whoever writes the row.
 */
export const searchIndex: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema.alterTable('articles').addColumn('body_text', 'text', (c) => c.notNull().defaultTo('')).execute();
    await backfillBodyText(db);
    await (dialect.name === 'sqlite' ? sqliteIndex(db) : postgresIndex(db));
  },
};

/**
 * The plain text of a body as the block format stood when this migration shipped (body
 * version 1). Kept here rather than imported from the live block code, so that this
 * migration does the same thing on a database migrated years from now.
 */
type StoredBlock = {
  type: string;
  text?: string;
  content?: Array<{ text: string }>;
  items?: Array<Array<{ text: string }>>;
  caption?: string;
  credit?: string;
  title?: string;
};

const inlineText = (inlines: Array<{ text: string }> = []) => inlines.map((i) => i.text).join('');

function storedBlockText(block: StoredBlock): string {
  switch (block.type) {
    case 'paragraph':
    case 'quote':
      return inlineText(block.content);
    case 'heading':
    case 'pullquote':
    case 'note':
      return block.text ?? '';
    case 'image':
      return [block.caption, block.credit].filter(Boolean).join(' ');
    case 'list':
      return (block.items ?? []).map(inlineText).join('\n');
    case 'embed':
      return block.title ?? '';
    default:
      return '';
  }
}

const bodyText = (body: StoredBlock[]) => body.map(storedBlockText).filter(Boolean).join('\n\n');

async function backfillBodyText(db: Kysely<any>): Promise<void> {
  const rows: Array<{ id: number; body: string }> = await db.selectFrom('articles').select(['id', 'body']).execute();
  for (const row of rows) {
    await db.updateTable('articles').set({ body_text: bodyText(JSON.parse(row.body)) }).where('id', '=', row.id).execute();
  }
}

/**
 * SQLite: an external-content FTS5 table over `articles` (no second copy of the text),
 * holding published rows only. Porter stemming so "elections" finds "election".
 */
async function sqliteIndex(db: Kysely<any>): Promise<void> {
  const columns = sql.raw('headline, standfirst, body_text');
  await sql`CREATE VIRTUAL TABLE article_search USING fts5(
    headline, standfirst, body_text,
    content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`INSERT INTO article_search(rowid, ${columns})
    SELECT id, ${columns} FROM articles WHERE status = 'published'`.execute(db);
  await sql`CREATE TRIGGER article_search_insert AFTER INSERT ON articles WHEN new.status = 'published' BEGIN
    INSERT INTO article_search(rowid, ${columns}) VALUES (new.id, new.headline, new.standfirst, new.body_text);
  END`.execute(db);
  // An external-content index forgets a row only when told its old text exactly.
  await sql`CREATE TRIGGER article_search_delete AFTER DELETE ON articles WHEN old.status = 'published' BEGIN
    INSERT INTO article_search(article_search, rowid, ${columns}) VALUES ('delete', old.id, old.headline, old.standfirst, old.body_text);
  END`.execute(db);
  await sql`CREATE TRIGGER article_search_update AFTER UPDATE OF headline, standfirst, body_text, status ON articles
    WHEN old.status = 'published' OR new.status = 'published' BEGIN
    INSERT INTO article_search(article_search, rowid, ${columns})
      SELECT 'delete', old.id, old.headline, old.standfirst, old.body_text WHERE old.status = 'published';
    INSERT INTO article_search(rowid, ${columns})
      SELECT new.id, new.headline, new.standfirst, new.body_text WHERE new.status = 'published';
  END`.execute(db);
}

/**
 * PostgreSQL: a side table of weighted tsvectors for published articles under a GIN
 * index, kept apart from `articles` so that `SELECT articles.*` never drags vectors along.
 */
async function postgresIndex(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE article_search (
    article_id integer PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    document tsvector NOT NULL
  )`.execute(db);
  await sql`CREATE FUNCTION article_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = 'published' THEN
        INSERT INTO article_search (article_id, document) VALUES (NEW.id,
          setweight(to_tsvector('english', NEW.headline), 'A') ||
          setweight(to_tsvector('english', NEW.standfirst), 'B') ||
          setweight(to_tsvector('english', NEW.body_text), 'D'))
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
      ELSE
        DELETE FROM article_search WHERE article_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER article_search_sync AFTER INSERT OR UPDATE OF headline, standfirst, body_text, status ON articles
    FOR EACH ROW EXECUTE FUNCTION article_search_sync()`.execute(db);
  await sql`UPDATE articles SET status = status WHERE status = 'published'`.execute(db);
  await sql`CREATE INDEX article_search_document ON article_search USING gin (document)`.execute(db);
}
