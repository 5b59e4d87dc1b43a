import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';

export type ApiKeyRow = Selectable<DB['api_keys']>;
export type ApiKeyKind = ApiKeyRow['kind'];

/** The api_keys table: insert, list, look up by the secret's hash, mark used or revoked. */
export function apiKeyStore(db: Kysely<DB>) {
  return {
    async insert(row: Omit<ApiKeyRow, 'id' | 'last_used_at' | 'revoked_at'>): Promise<ApiKeyRow> {
      return db.insertInto('api_keys').values(row).returningAll().executeTakeFirstOrThrow();
    },

    /** Every key, live ones first, newest first within each. */
    async list(): Promise<ApiKeyRow[]> {
      return db
        .selectFrom('api_keys')
        .selectAll()
        .orderBy((eb) => eb.case().when('revoked_at', 'is', null).then(0).else(1).end())
        .orderBy('id', 'desc')
        .execute();
    },

    async byId(id: number): Promise<ApiKeyRow | undefined> {
      return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The live key of this kind whose secret hashes to `secretHash`. */
    async liveByHash(kind: ApiKeyKind, secretHash: string): Promise<ApiKeyRow | undefined> {
      return db
        .selectFrom('api_keys')
        .selectAll()
        .where('secret_hash', '=', secretHash)
        .where('kind', '=', kind)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async touch(id: number, at: string): Promise<void> {
      await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    },

    /** Marks a live key revoked; false when there is no such live key. */
    async revoke(id: number, at: string): Promise<boolean> {
      const result = await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
