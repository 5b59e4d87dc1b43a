import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.js';
import { analyticsSize } from './041_analytics_size.js';

for (const kind of databaseKinds) {
  describe.skipIf(!kind.available)(`migration 041 [${kind.name}]`, () => {
    it("copies 033's rollups with their days as day numbers and adds the one Other sources row", async () => {
      const test = await kind.create();
      const db = test.database.db as Kysely<any>;
      try {
        // Back to 033's shape, with two rolled-up cells in it.
        await db.schema.dropTable('analytics_daily').execute();
        await db.deleteFrom('analytics_sources').where('referrer_host', '=', '*').execute();
        await db.schema
          .createTable('analytics_daily')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('path_id', 'integer', (c) => c.notNull())
          .addColumn('source_id', 'integer', (c) => c.notNull())
          .addColumn('views', 'integer', (c) => c.notNull())
          .addColumn('visitors', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('analytics_daily_cell', ['day', 'path_id', 'source_id'])
          .execute();
        await db
          .insertInto('analytics_daily')
          .values([
            { day: '1970-01-02', path_id: 1, source_id: 2, views: 7, visitors: 5 },
            { day: '2026-12-03', path_id: 3, source_id: 4, views: 2, visitors: 1 },
          ])
          .execute();

        await analyticsSize.up(db, test.database.dialect);

        expect(await db.selectFrom('analytics_daily').selectAll().orderBy('day').execute()).toEqual([
          { day: 1, path_id: 1, source_id: 2, views: 7, visitors: 5 },
          { day: 20_790, path_id: 3, source_id: 4, views: 2, visitors: 1 },
        ]);
        expect(await db.selectFrom('analytics_sources').where('referrer_host', '=', '*').select(['name', 'utm_source']).execute()).toEqual([{ name: 'Other sources', utm_source: '' }]);
      } finally {
        await test.close();
      }
    });
  });
}
