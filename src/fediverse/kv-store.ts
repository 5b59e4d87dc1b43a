import type { KvKey, KvStore, KvStoreSetOptions } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Fedify's key-value store on Broadsheet's own database (SQLite or PostgreSQL), so that what
 * Fedify caches and remembers (remote actors' keys, activities already handled) survives a
 * restart and is shared by every process of the site. A value past its time to live reads as
 * missing; `prune` deletes such rows now and then.
 *
 * @example createFederation({ kv: databaseKvStore(db), … })
 */
export function databaseKvStore(db: Kysely<DB>, now: () => Date = () => new Date()): KvStore & { prune(): Promise<number> } {
  const keyOf = (key: KvKey) => JSON.stringify(key);
  return {
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      const row = await db.selectFrom('fediverse_kv').select(['value', 'expires_at']).where('key', '=', keyOf(key)).executeTakeFirst();
      if (!row || (row.expires_at !== null && row.expires_at <= now().toISOString())) return undefined;
      return JSON.parse(row.value) as T;
    },

    async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
      const ttl = options?.ttl?.total({ unit: 'millisecond' });
      const row = { key: keyOf(key), value: JSON.stringify(value), expires_at: ttl === undefined ? null : new Date(now().getTime() + ttl).toISOString() };
      await db
        .insertInto('fediverse_kv')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, expires_at: row.expires_at }))
        .execute();
    },

    async delete(key: KvKey): Promise<void> {
      await db.deleteFrom('fediverse_kv').where('key', '=', keyOf(key)).execute();
    },

    async prune(): Promise<number> {
      const result = await db.deleteFrom('fediverse_kv').where('expires_at', '<=', now().toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
