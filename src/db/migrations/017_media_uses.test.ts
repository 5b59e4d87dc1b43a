import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.js';
import { migrations } from '../migrations.js';
import { mediaUsesTable } from './017_media_uses.js';

const keyA = 'a'.repeat(32);
const keyB = 'b'.repeat(32);
const at = '2026-01-07T09:00:00.000Z';
const image = (key: string) => ({ type: 'image', src: `/media/u/${key}/1024.webp`, alt: 'x', sources: [{ src: `/media/u/${key}/320.webp`, width: 320 }] });

for (const kind of databaseKinds) {
  describe.skipIf(!kind.available)(`migration 017 [${kind.name}]`, () => {
    it('backfills the uses of articles stored before it, then keeps them in step with every save', async () => {
      const test = await kind.create({ migrate: false });
      const { dialect } = test.database;
      // The schema as it stood before migration 017, not today's DB type.
      const db = test.database.db as Kysely<any>;
      try {
        for (const [name, migration] of Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b))) {
          if (name < '017') await migration.up(db, dialect);
        }
        const section = await db.insertInto('sections').values({ slug: 'world', name: 'World', created_at: at }).returning('id').executeTakeFirstOrThrow();
        const media = async (key: string) =>
          (
            await db
              .insertInto('media')
              .values({ storage_key: key, original_name: 'p.jpg', mime: 'image/jpeg', width: 1024, height: 768, widths: '[320,1024]', alt: 'x', created_at: at })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id as number;
        const [a, b] = [await media(keyA), await media(keyB)];
        const article = async (slug: string, body: unknown[], imageUrl: string | null = null) =>
          (
            await db
              .insertInto('articles')
              .values({ headline: slug, standfirst: '', slug, section_id: section.id, url_month: '2026/01', status: 'draft', body: JSON.stringify(body), body_version: 1, created_at: at, updated_at: at, image_url: imageUrl })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id as number;
        const inBody = await article('in-body', [{ type: 'paragraph', content: [{ text: 'Hi' }] }, image(keyA)]);
        const asLead = await article('as-lead', [], `https://gazette.example/media/u/${keyB}/1024.webp`);
        const unknown = await article('elsewhere', [image('c'.repeat(32))], '/media/u/not-a-key/1.webp');

        await mediaUsesTable.up(db, dialect);

        const uses = () => db.selectFrom('media_uses').select(['media_id', 'article_id', 'place']).orderBy('article_id').orderBy('place').execute();
        expect(await uses()).toEqual([
          { media_id: a, article_id: inBody, place: 'body' },
          { media_id: b, article_id: asLead, place: 'lead' },
        ]);

        // Later saves, whoever writes them, keep the rows in step.
        await db.updateTable('articles').set({ body: JSON.stringify([image(keyB)]) }).where('id', '=', inBody).execute();
        await db.updateTable('articles').set({ image_url: null }).where('id', '=', asLead).execute();
        await db.updateTable('articles').set({ body: JSON.stringify([image(keyA), image(keyA)]) }).where('id', '=', unknown).execute();
        expect(await uses()).toEqual([
          { media_id: b, article_id: inBody, place: 'body' },
          { media_id: a, article_id: unknown, place: 'body' },
        ]);
        await db.deleteFrom('articles').where('id', '=', unknown).execute();
        expect((await uses()).map((u) => u.article_id)).toEqual([inBody]);
      } finally {
        await test.close();
      }
    });
  });
}
