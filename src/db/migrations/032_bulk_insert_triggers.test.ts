import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.js';

const key = 'a'.repeat(32);
const at = '2026-01-07T09:00:00.000Z';
const image = { type: 'image', src: `/media/u/${key}/1024.webp`, alt: 'x', sources: [{ src: `/media/u/${key}/320.webp`, width: 320 }] };

for (const kind of databaseKinds) {
  describe.skipIf(!kind.available)(`migration 032 [${kind.name}]`, () => {
    it('keeps search, month counts, media uses and listing dates for many articles inserted in one statement', async () => {
      const test = await kind.create();
      const db = test.database.db as Kysely<any>;
      try {
        const section = await db.insertInto('sections').values({ slug: 'world', name: 'World', created_at: at }).returning('id').executeTakeFirstOrThrow();
        const topic = await db.insertInto('topics').values({ slug: 'harbours', name: 'Harbours', created_at: at }).returning('id').executeTakeFirstOrThrow();
        const author = await db.insertInto('authors').values({ slug: 'ada', name: 'Ada', bio: '', created_at: at }).returning('id').executeTakeFirstOrThrow();
        const media = await db
          .insertInto('media')
          .values({ storage_key: key, original_name: 'p.jpg', mime: 'image/jpeg', width: 1024, height: 768, widths: '[320,1024]', alt: 'x', created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const row = (slug: string, month: string, status: string, headline: string, body: unknown[] = [], imageUrl: string | null = null) => ({
          headline,
          standfirst: 'A standfirst',
          slug,
          section_id: section.id,
          url_month: month,
          status,
          body: JSON.stringify(body),
          body_text: `${headline} body`,
          body_version: 1,
          created_at: at,
          updated_at: `${month.replace('/', '-')}-15T10:00:00.000Z`,
          published_at: status === 'published' ? `${month.replace('/', '-')}-15T10:00:00.000Z` : null,
          image_url: imageUrl,
        });
        const ids = (
          await db
            .insertInto('articles')
            .values([
              row('one', '2026/01', 'published', 'Lighthouse keepers strike', [image]),
              row('two', '2026/01', 'published', 'Ferry timetable returns', [], `/media/u/${key}/1024.webp`),
              row('three', '2026/02', 'published', 'Lighthouse museum opens'),
              row('four', '2026/02', 'draft', 'Lighthouse draft unseen', [image]),
            ])
            .returning('id')
            .execute()
        ).map((r) => r.id as number);

        const searched = await db.selectFrom('articles').select('id').where('id', 'in', await searchIds(test.database.dialect.name, db, 'lighthouse')).orderBy('id').execute();
        expect(searched.map((r) => r.id)).toEqual([ids[0], ids[2]]);
        expect(await db.selectFrom('archive_months').select(['url_month', 'published', 'changed_at']).orderBy('url_month').execute()).toEqual([
          { url_month: '2026/01', published: 2, changed_at: '2026-01-15T10:00:00.000Z' },
          { url_month: '2026/02', published: 1, changed_at: '2026-02-15T10:00:00.000Z' },
        ]);
        expect(await db.selectFrom('media_uses').select(['media_id', 'article_id', 'place']).orderBy('article_id').execute()).toEqual([
          { media_id: media.id, article_id: ids[0], place: 'body' },
          { media_id: media.id, article_id: ids[1], place: 'lead' },
          { media_id: media.id, article_id: ids[3], place: 'body' },
        ]);

        // A writer passing no date, a wrong one, or one for a draft: each row ends with the article's own while published.
        await db
          .insertInto('article_topics')
          .values([
            { article_id: ids[0], topic_id: topic.id, position: 0, suggested: 0 },
            { article_id: ids[2], topic_id: topic.id, position: 0, suggested: 0, published_at: '1999-01-01T00:00:00.000Z' },
            { article_id: ids[3], topic_id: topic.id, position: 0, suggested: 0, published_at: '2026-02-15T10:00:00.000Z' },
          ])
          .execute();
        await db
          .insertInto('article_authors')
          .values([
            { article_id: ids[0], author_id: author.id, position: 0, published_at: '2026-01-15T10:00:00.000Z' },
            { article_id: ids[2], author_id: author.id, position: 0, published_at: '1999-01-01T00:00:00.000Z' },
          ])
          .execute();
        expect(await db.selectFrom('article_topics').select(['article_id', 'published_at']).orderBy('article_id').execute()).toEqual([
          { article_id: ids[0], published_at: '2026-01-15T10:00:00.000Z' },
          { article_id: ids[2], published_at: '2026-02-15T10:00:00.000Z' },
          { article_id: ids[3], published_at: null },
        ]);
        expect(await db.selectFrom('article_authors').select(['article_id', 'published_at']).orderBy('article_id').execute()).toEqual([
          { article_id: ids[0], published_at: '2026-01-15T10:00:00.000Z' },
          { article_id: ids[2], published_at: '2026-02-15T10:00:00.000Z' },
        ]);

        // Updates still follow row by row: the draft published, one published article unpublished.
        await db.updateTable('articles').set({ status: 'published', published_at: '2026-02-20T10:00:00.000Z', updated_at: '2026-02-20T10:00:00.000Z' }).where('id', '=', ids[3]!).execute();
        await db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', ids[0]!).execute();
        const after = await db.selectFrom('articles').select('id').where('id', 'in', await searchIds(test.database.dialect.name, db, 'lighthouse')).orderBy('id').execute();
        expect(after.map((r) => r.id)).toEqual([ids[2], ids[3]]);
        expect(await db.selectFrom('archive_months').select(['url_month', 'published']).orderBy('url_month').execute()).toEqual([
          { url_month: '2026/01', published: 1 },
          { url_month: '2026/02', published: 2 },
        ]);
        expect((await db.selectFrom('article_topics').select('published_at').where('article_id', '=', ids[3]!).executeTakeFirstOrThrow()).published_at).toBe('2026-02-20T10:00:00.000Z');
      } finally {
        await test.close();
      }
    });
  });
}

/** Article ids the full-text index finds for a word, read straight from either database's index. */
async function searchIds(dialect: string, db: Kysely<any>, word: string): Promise<number[]> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ id: number }>`SELECT rowid AS id FROM article_search WHERE article_search MATCH ${word}`.execute(db)
      : await sql<{ id: number }>`SELECT article_id AS id FROM article_search WHERE document @@ to_tsquery('english', ${word})`.execute(db);
  return [0, ...rows.map((r) => r.id)];
}
