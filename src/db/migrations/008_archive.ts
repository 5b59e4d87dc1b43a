import { sql, type Kysely } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * The archive and the sitemap index show how many articles each month holds. Counting
 * them on every request reads every published row's index entry: over a century
 * (a million articles and more) that is seconds. `archive_months` keeps one row per
 * URL month instead, with its published count and when something in it last changed,
 * kept in step by triggers on every insert, publish, unpublish, move and delete,
 * whoever writes the row (services, importers, the archive generator).
 *
 * Two indexes serve the lists: a month's articles in date order, and a print issue's.
 *
 * Topic and author pages list the newest articles of one topic or author. Read through
 * the join tables, the database either walks every published article newest first
 * until it finds a page of that topic (a rare topic: the whole table) or sorts all of
 * a common topic's. So `article_topics` and `article_authors` carry a copy of the
 * article's `published_at` while it is published (null otherwise), kept by triggers,
 * under (topic_id, published_at) and (author_id, published_at): a page is an index range.
 */
export const archiveMonths: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('archive_months')
      .addColumn('url_month', 'text', (c) => c.primaryKey())
      .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await sql`INSERT INTO archive_months (url_month, published, changed_at)
      SELECT url_month, count(*), max(updated_at) FROM articles WHERE status = 'published' GROUP BY url_month`.execute(db);
    await (dialect.name === 'sqlite' ? sqliteTriggers(db) : postgresTriggers(db));

    await db.schema.createIndex('articles_status_month').on('articles').columns(['status', 'url_month', 'published_at']).execute();
    await db.schema.createIndex('articles_issue_published').on('articles').columns(['print_issue_id', 'status', 'published_at']).execute();

    for (const table of ['article_topics', 'article_authors']) {
      await db.schema.alterTable(table).addColumn('published_at', 'text').execute();
      await sql`UPDATE ${sql.table(table)} SET published_at =
        (SELECT a.published_at FROM articles a WHERE a.id = ${sql.ref(`${table}.article_id`)} AND a.status = 'published')`.execute(db);
    }
    await db.schema.createIndex('article_topics_published').on('article_topics').columns(['topic_id', 'suggested', 'published_at', 'article_id']).execute();
    await db.schema.createIndex('article_authors_published').on('article_authors').columns(['author_id', 'published_at', 'article_id']).execute();
    await (dialect.name === 'sqlite' ? sqliteListingTriggers(db) : postgresListingTriggers(db));
  },
};

async function sqliteListingTriggers(db: Kysely<any>): Promise<void> {
  for (const table of ['article_topics', 'article_authors']) {
    const other = table === 'article_topics' ? 'topic_id' : 'author_id';
    // Writers that already know the date (the importers) pass it, and the row is not written twice.
    await sql`CREATE TRIGGER ${sql.raw(`${table}_published_insert`)} AFTER INSERT ON ${sql.table(table)}
      WHEN new.published_at IS NOT (SELECT a.published_at FROM articles a WHERE a.id = new.article_id AND a.status = 'published') BEGIN
      UPDATE ${sql.table(table)} SET published_at =
        (SELECT a.published_at FROM articles a WHERE a.id = new.article_id AND a.status = 'published')
        WHERE article_id = new.article_id AND ${sql.ref(other)} = new.${sql.ref(other)};
    END`.execute(db);
  }
  await sql`CREATE TRIGGER articles_listing_update AFTER UPDATE OF status, published_at ON articles
    WHEN old.status IS NOT new.status OR old.published_at IS NOT new.published_at BEGIN
    UPDATE article_topics SET published_at = CASE WHEN new.status = 'published' THEN new.published_at END WHERE article_id = new.id;
    UPDATE article_authors SET published_at = CASE WHEN new.status = 'published' THEN new.published_at END WHERE article_id = new.id;
  END`.execute(db);
}

async function postgresListingTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION article_listing_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.published_at := (SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published');
      RETURN NEW;
    END $$`.execute(db);
  for (const table of ['article_topics', 'article_authors']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_published_insert`)} BEFORE INSERT ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION article_listing_copy()`.execute(db);
  }
  await sql`CREATE FUNCTION article_listing_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE article_topics SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END WHERE article_id = NEW.id;
      UPDATE article_authors SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END WHERE article_id = NEW.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER articles_listing_update AFTER UPDATE OF status, published_at ON articles
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION article_listing_sync()`.execute(db);
}

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE TRIGGER archive_months_insert AFTER INSERT ON articles WHEN new.status = 'published' BEGIN
    INSERT INTO archive_months (url_month, published, changed_at) VALUES (new.url_month, 1, new.updated_at)
      ON CONFLICT (url_month) DO UPDATE SET published = published + 1, changed_at = max(changed_at, excluded.changed_at);
  END`.execute(db);
  await sql`CREATE TRIGGER archive_months_delete AFTER DELETE ON articles WHEN old.status = 'published' BEGIN
    UPDATE archive_months SET published = published - 1 WHERE url_month = old.url_month;
  END`.execute(db);
  await sql`CREATE TRIGGER archive_months_update AFTER UPDATE OF status, url_month, updated_at ON articles
    WHEN old.status = 'published' OR new.status = 'published' BEGIN
    UPDATE archive_months SET published = published - 1, changed_at = max(changed_at, new.updated_at)
      WHERE url_month = old.url_month AND old.status = 'published';
    INSERT INTO archive_months (url_month, published, changed_at)
      SELECT new.url_month, 1, new.updated_at WHERE new.status = 'published'
      ON CONFLICT (url_month) DO UPDATE SET published = published + 1, changed_at = max(changed_at, excluded.changed_at);
  END`.execute(db);
}

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION archive_months_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE archive_months SET published = published - 1 WHERE url_month = OLD.url_month;
        RETURN NULL;
      END IF;
      IF TG_OP = 'UPDATE' AND OLD.status = 'published' THEN
        UPDATE archive_months SET published = published - 1, changed_at = GREATEST(changed_at, NEW.updated_at)
          WHERE url_month = OLD.url_month;
      END IF;
      IF NEW.status = 'published' THEN
        INSERT INTO archive_months (url_month, published, changed_at) VALUES (NEW.url_month, 1, NEW.updated_at)
          ON CONFLICT (url_month) DO UPDATE
          SET published = archive_months.published + 1, changed_at = GREATEST(archive_months.changed_at, EXCLUDED.changed_at);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER archive_months_insert AFTER INSERT ON articles
    FOR EACH ROW WHEN (NEW.status = 'published') EXECUTE FUNCTION archive_months_track()`.execute(db);
  await sql`CREATE TRIGGER archive_months_delete AFTER DELETE ON articles
    FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION archive_months_track()`.execute(db);
  await sql`CREATE TRIGGER archive_months_update AFTER UPDATE OF status, url_month, updated_at ON articles
    FOR EACH ROW WHEN (OLD.status = 'published' OR NEW.status = 'published') EXECUTE FUNCTION archive_months_track()`.execute(db);
}
