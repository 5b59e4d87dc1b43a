import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.js';
import { analyticsHourly } from './042_analytics_hourly.js';

for (const kind of databaseKinds) {
  describe.skipIf(!kind.available)(`migration 042 [${kind.name}]`, () => {
    it('fills the hourly counts from the raw views of the last two days, and no older ones', async () => {
      const test = await kind.create();
      const db = test.database.db as Kysely<any>;
      try {
        await db.schema.dropTable('analytics_hourly').execute();
        const hour = Math.floor(Date.now() / 3_600_000);
        const at = (hoursAgo: number, minute: number) => (hour - hoursAgo) * 3600 + minute * 60;
        await db
          .insertInto('analytics_views')
          .values([
            { at: at(1, 5), path_id: 7, source_id: 1, device: 0, visitor: 1 },
            { at: at(1, 50), path_id: 7, source_id: 2, device: 1, visitor: null },
            { at: at(1, 20), path_id: 8, source_id: 1, device: 0, visitor: 2 },
            { at: at(0, 0), path_id: 7, source_id: 1, device: 0, visitor: 1 },
            { at: at(72, 0), path_id: 7, source_id: 1, device: 0, visitor: 1 },
          ])
          .execute();

        await analyticsHourly.up(db, test.database.dialect);

        const rows = await db.selectFrom('analytics_hourly').select(['hour', 'path_id', 'views']).orderBy('hour').orderBy('path_id').execute();
        expect(rows.map((r) => ({ ...r, hour: Number(r.hour), views: Number(r.views) }))).toEqual([
          { hour: hour - 1, path_id: 7, views: 2 },
          { hour: hour - 1, path_id: 8, views: 1 },
          { hour, path_id: 7, views: 1 },
        ]);
      } finally {
        await test.close();
      }
    });
  });
}
