import { CompiledQuery, sql, type Insertable, type Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { DB } from '../db/schema.js';
import type { ArticlesTable } from '../db/tables/content.js';
import { int4Array, textArray } from '../db/binary-arrays.js';
import { arrayRows, chunks, insertMissingBySlug, statementTexts, type ArrayColumnType } from '../db/batches.js';

/**
 * The importer's queries: many rows per statement inside the caller's transaction,
 * so a 100k-post export is a few hundred statements rather than a million. Where the
 * dialect binds arrays, the lookups and link rows go as one binary array per column
 * (arrayRows), and the revisions are built from the articles' rows; the articles stay a
 * VALUES list built once per size (statementTexts), which as arrays measured no faster.
 */

export interface ExistingArticle {
  id: number;
  import_key: string;
  section_id: number;
  section_slug: string;
  url_month: string;
  slug: string;
  status: string;
  first_published_at: string | null;
  has_topics: number;
}

/** An imported article's row: every column the upsert binds, so that none is left out of its values. */
export type ArticleRowInput = Required<Pick<Insertable<ArticlesTable>, (typeof articleColumns)[number]>> & { import_key: string };

type AuthorRow = { article_id: number; author_id: number; position: number; published_at: string | null };
type TopicRow = { article_id: number; topic_id: number; position: number; suggested: number; published_at: string | null };
type RevisionRow = {
  article_id: number;
  version: number;
  created_at: string;
  /** The snapshot's section, authors and topics (`"section":…,"suggestedTopics":[…]`): PostgreSQL reads the rest off the article's row. */
  terms: () => string;
  /** The whole snapshot, for a database that does not build it. */
  snapshot: () => string;
};

/** The columns an import writes, in the order of the upsert's values. */
const articleColumns = [
  'section_id', 'slug', 'url_month', 'headline', 'standfirst', 'body', 'body_text', 'body_version', 'status', 'first_published_at', 'published_at',
  'scheduled_for', 'updated_at', 'created_at', 'print_issue_id', 'sponsor', 'partner_slot_after', 'seo_title', 'seo_description', 'image_url',
  'image_media_id', 'image_alt', 'image_caption', 'access', 'version', 'import_key',
] as const satisfies ReadonlyArray<keyof Insertable<ArticlesTable>>;

const authorColumns = { article_id: 'int', author_id: 'int', position: 'int', published_at: 'text' } satisfies Record<keyof AuthorRow, ArrayColumnType>;
const topicColumns = { article_id: 'int', topic_id: 'int', position: 'int', suggested: 'int', published_at: 'text' } satisfies Record<keyof TopicRow, ArrayColumnType>;

export function importStore(db: Kysely<DB>, dialect: Pick<DialectAdapter, 'arrayParameters'>) {
  /** Inserts `rows` into a link table: one statement of arrays, or VALUES lists of `perStatement` rows. */
  async function insertLinks<T extends 'article_authors' | 'article_topics', C extends string>(
    table: T,
    columns: Record<C, ArrayColumnType>,
    rows: Array<Record<C, unknown>>,
    perStatement: number,
  ): Promise<void> {
    if (!rows.length) return;
    if (dialect.arrayParameters) {
      const source = arrayRows(columns, rows);
      await db.insertInto(table).columns(source.columns as never).expression(source.rows).execute();
    } else for (const batch of chunks(rows, perStatement)) await db.insertInto(table).values(batch as never).execute();
  }

  /** The upsert's text by number of rows, its values bound in `articleColumns` order. */
  const placeholder = Object.fromEntries(articleColumns.map((c) => [c, null])) as unknown as ArticleRowInput;
  const upsertText = statementTexts((rows) =>
    db
      .insertInto('articles')
      .values(Array.from({ length: rows }, () => placeholder))
      .onConflict((oc) =>
        oc.column('import_key').doUpdateSet((eb) => ({
          section_id: eb.ref('excluded.section_id'),
          slug: eb.ref('excluded.slug'),
          url_month: eb.ref('excluded.url_month'),
          headline: eb.ref('excluded.headline'),
          standfirst: eb.ref('excluded.standfirst'),
          body: eb.ref('excluded.body'),
          body_text: eb.ref('excluded.body_text'),
          body_version: eb.ref('excluded.body_version'),
          status: eb.ref('excluded.status'),
          first_published_at: sql`coalesce(articles.first_published_at, excluded.first_published_at)`,
          published_at: eb.ref('excluded.published_at'),
          scheduled_for: eb.ref('excluded.scheduled_for'),
          updated_at: eb.ref('excluded.updated_at'),
          seo_title: eb.ref('excluded.seo_title'),
          seo_description: eb.ref('excluded.seo_description'),
          image_url: eb.ref('excluded.image_url'),
          image_media_id: eb.ref('excluded.image_media_id'),
          image_alt: eb.ref('excluded.image_alt'),
          image_caption: eb.ref('excluded.image_caption'),
          access: eb.ref('excluded.access'),
          version: sql`articles.version + 1`,
        })),
      )
      .returning(['id', 'import_key', 'version']),
  );

  return {
    /** Adds the sections or authors that do not exist yet (keeping existing ones as editors left them); returns slug → id. */
    ensureTerms(table: 'sections' | 'authors', rows: Array<{ slug: string; name: string; bio?: string; photo_url?: string | null }>, at: string): Promise<Map<string, number>> {
      const values = rows.map((r) =>
        table === 'authors' ? { slug: r.slug, name: r.name, bio: r.bio ?? '', photo_url: r.photo_url ?? null, created_at: at } : { slug: r.slug, name: r.name, created_at: at },
      );
      return insertMissingBySlug(db, table, values);
    },

    /** Every section, to tell afterwards which ones an import created. */
    sections(): Promise<Array<{ slug: string; name: string }>> {
      return db.selectFrom('sections').select(['slug', 'name']).orderBy('slug').execute();
    },

    /** Articles already imported under these keys. */
    async existingByKey(keys: string[]): Promise<Map<string, ExistingArticle>> {
      const map = new Map<string, ExistingArticle>();
      for (const batch of dialect.arrayParameters ? [keys] : chunks(keys)) {
        const rows = await db
          .selectFrom('articles')
          .innerJoin('sections', 'sections.id', 'articles.section_id')
          .select([
            'articles.id',
            'articles.import_key',
            'articles.section_id',
            'sections.slug as section_slug',
            'articles.url_month',
            'articles.slug',
            'articles.status',
            'articles.first_published_at',
            sql<number>`(select count(*) from article_topics t where t.article_id = articles.id)`.as('has_topics'),
          ])
          .where(dialect.arrayParameters ? sql<boolean>`articles.import_key = any(${batch}::text[])` : (eb) => eb('articles.import_key', 'in', batch))
          .execute();
        for (const r of rows) map.set(r.import_key!, { ...r, import_key: r.import_key!, has_topics: Number(r.has_topics) });
      }
      return map;
    },

    /** Articles at any of these URLs (section, month, slug), found through the URL's unique index. */
    async atUrls(urls: Array<{ section_id: number; url_month: string; slug: string }>) {
      const rows: Array<{ id: number; import_key: string | null; section_id: number; url_month: string; slug: string }> = [];
      for (const batch of dialect.arrayParameters ? [urls] : chunks(urls)) {
        // A set of rows, not a list of row values: the form both databases match against the index.
        const wanted = dialect.arrayParameters
          ? arrayRows({ section_id: 'int', url_month: 'text', slug: 'text' }, batch).rows
          : sql`values ${sql.join(batch.map((u) => sql`(cast(${u.section_id} as integer), ${u.url_month}, ${u.slug})`))}`;
        rows.push(
          ...(await db
            .selectFrom('articles')
            .select(['id', 'import_key', 'section_id', 'url_month', 'slug'])
            .where(sql<boolean>`(section_id, url_month, slug) in (${wanted})`)
            .execute()),
        );
      }
      return rows;
    },

    /**
     * Inserts new articles and updates imported ones in place (by import key), one
     * statement per batch. An update keeps its creation time and first publication and bumps its version.
     */
    async upsertArticles(rows: ArticleRowInput[]): Promise<Array<{ id: number; import_key: string; version: number }>> {
      if (!rows.length) return [];
      // Building a 500-row list each batch took the importing thread 3 ms while the writing connection waited.
      const parameters: unknown[] = [];
      for (const row of rows) for (const c of articleColumns) parameters.push(row[c]);
      const out = await db.executeQuery<{ id: number; import_key: string; version: number }>(CompiledQuery.raw(upsertText(rows.length), parameters));
      return out.rows;
    },

    async replaceAuthors(articleIds: number[], rows: AuthorRow[]) {
      for (const batch of chunks(articleIds)) await db.deleteFrom('article_authors').where('article_id', 'in', batch).execute();
      await insertLinks('article_authors', authorColumns, rows, 2000);
    },

    async replaceTopics(articleIds: number[], rows: TopicRow[]) {
      for (const batch of chunks(articleIds)) await db.deleteFrom('article_topics').where('article_id', 'in', batch).execute();
      await insertLinks('article_topics', topicColumns, rows, 2000);
    },

    /**
     * Adds the articles' first revisions, written after the articles. PostgreSQL builds each
     * snapshot from the article's row and the terms given: built in Node, every article's words
     * went to the server a second time (a third of what an import sent), and the writing thread
     * spent longer on them than the server does (interleaved, 100,000 Ghost posts: 20.9 s
     * against 21.7 s, faster in 4 rounds of 5). The JSON is the writer's (`snapshot`, writer.ts),
     * key for key; a test holds both to the article service's.
     */
    async addRevisions(rows: RevisionRow[]) {
      if (!rows.length) return;
      if (!dialect.arrayParameters) {
        const values = rows.map((r) => ({ article_id: r.article_id, version: r.version, snapshot: r.snapshot(), created_at: r.created_at, user_id: null }));
        for (const batch of chunks(values, 1000)) await db.insertInto('article_revisions').values(batch).execute();
        return;
      }
      const json = (column: string) => sql.raw(`coalesce(to_json(a.${column})::text, 'null')`);
      const number = (column: string) => sql.raw(`coalesce(a.${column}::text, 'null')`);
      await sql`INSERT INTO article_revisions (article_id, version, snapshot, created_at)
        SELECT r.article_id, r.version,
          '{"headline":' || ${json('headline')} || ',"standfirst":' || ${json('standfirst')} || ',"slug":' || ${json('slug')} || ',' || r.terms
          || ',"body":' || a.body || ',"printIssue":null,"sponsor":null,"partnerSlotAfter":' || ${number('partner_slot_after')}
          || ',"seoTitle":' || ${json('seo_title')} || ',"seoDescription":' || ${json('seo_description')} || ',"imageUrl":' || ${json('image_url')}
          || ',"imageMediaId":' || ${number('image_media_id')} || ',"imageAlt":' || ${json('image_alt')} || ',"imageCaption":' || ${json('image_caption')}
          || ',"imageCredit":null,"imageFocalX":null,"imageFocalY":null,"access":' || ${json('access')}
          || ',"status":"published","publishedAt":' || ${json('published_at')} || ',"updatedAt":' || ${json('updated_at')} || '}',
          r.created_at
        FROM unnest(${int4Array(rows.map((r) => r.article_id))}::int[], ${int4Array(rows.map((r) => r.version))}::int[],
            ${textArray(rows.map((r) => r.terms()))}::text[], ${textArray(rows.map((r) => r.created_at))}::text[])
          AS r(article_id, version, terms, created_at)
          JOIN articles a ON a.id = r.article_id`.execute(db);
    },

    async addRedirects(rows: Array<{ from_path: string; article_id: number; created_at: string }>) {
      for (const r of rows) {
        await db
          .insertInto('redirects')
          .values(r)
          .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: r.article_id, created_at: r.created_at }))
          .execute();
      }
    },
  };
}
