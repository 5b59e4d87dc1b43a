import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The site_settings rows: each setting's JSON value under its key. */
export function settingsStore(db: Kysely<DB>) {
  return {
    /** The stored JSON text of every setting, by key. */
    async all(): Promise<Map<string, string>> {
      const rows = await db.selectFrom('site_settings').select(['key', 'value']).execute();
      return new Map(rows.map((r) => [r.key, r.value]));
    },

    /** Writes every entry in one transaction. */
    async save(values: Record<string, unknown>, at: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [key, value] of Object.entries(values)) {
          const row = { key, value: JSON.stringify(value), updated_at: at };
          await trx
            .insertInto('site_settings')
            .values(row)
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: at }))
            .execute();
        }
      });
    },
  };
}
