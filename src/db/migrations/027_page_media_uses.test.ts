import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.js';
import { migrations } from '../migrations.js';
import { pageMediaUsesTable } from './027_page_media_uses.js';

const keyA = 'a'.repeat(32);
const keyB = 'b'.repeat(32);
const at = '2026-01-07T09:00:00.000Z';
const image = (key: string) => ({ type: 'image', src: `/media/u/${key}/1024.webp`, alt: 'x', sources: [{ src: `/media/u/${key}/320.webp`, width: 320 }] });

for (const kind of databaseKinds) {
  describe.skipIf(!kind.available)(`migration 027 [${kind.name}]`, () => {
    it('backfills the uses of pages stored before it, then keeps them in step with every save and deletion', async () => {
      const test = await kind.create({ migrate: false });
      const { dialect } = test.database;
      // The schema as it stood when pages arrived (023), not today's DB type.
      const db = test.database.db as Kysely<any>;
      try {
        for (const [name, migration] of Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b))) {
          if (name < '024') await migration.up(db, dialect);
        }
        const media = async (key: string) =>
          (
            await db
              .insertInto('media')
              .values({ storage_key: key, original_name: 'p.jpg', mime: 'image/jpeg', width: 1024, height: 768, widths: '[320,1024]', alt: 'x', created_at: at })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id as number;
        const [a, b] = [await media(keyA), await media(keyB)];
        const page = async (slug: string, body: unknown[]) =>
          (await db.insertInto('pages').values({ slug, title: slug, body: JSON.stringify(body), created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id as number;
        const about = await page('about', [{ type: 'paragraph', content: [{ text: 'Hi' }] }, image(keyA)]);
        const plain = await page('terms', [{ type: 'paragraph', content: [{ text: 'No pictures' }] }]);
        const unknown = await page('contact', [image('c'.repeat(32))]);

        await pageMediaUsesTable.up(db, dialect);

        const uses = () => db.selectFrom('page_media_uses').select(['media_id', 'page_id']).orderBy('page_id').orderBy('media_id').execute();
        expect(await uses()).toEqual([{ media_id: a, page_id: about }]);

        // Later saves and new pages, whoever writes them, keep the rows in step.
        await db.updateTable('pages').set({ body: JSON.stringify([image(keyB)]) }).where('id', '=', about).execute();
        await db.updateTable('pages').set({ body: JSON.stringify([image(keyA), image(keyA), image(keyB)]) }).where('id', '=', plain).execute();
        await db.updateTable('pages').set({ title: 'Contact us' }).where('id', '=', unknown).execute();
        const masthead = await page('masthead', [image(keyA)]);
        expect(await uses()).toEqual([
          { media_id: b, page_id: about },
          { media_id: a, page_id: plain },
          { media_id: b, page_id: plain },
          { media_id: a, page_id: masthead },
        ]);
        await db.deleteFrom('pages').where('id', '=', plain).execute();
        expect((await uses()).map((u) => u.page_id)).toEqual([about, masthead]);
      } finally {
        await test.close();
      }
    });
  });
}
