import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The visitor salt of a day, kept in the database so that every process hashes a visitor the
 * same way; the first process to need a day's salt makes it, the others read it.
 */
export function saltStore(db: Kysely<DB>) {
  return {
    async saltOf(day: string): Promise<string> {
      const found = await db.selectFrom('analytics_salts').where('day', '=', day).select('salt').executeTakeFirst();
      if (found) return found.salt;
      await db
        .insertInto('analytics_salts')
        .values({ day, salt: randomBytes(32).toString('hex') })
        .onConflict((oc) => oc.column('day').doNothing())
        .execute();
      return (await db.selectFrom('analytics_salts').where('day', '=', day).select('salt').executeTakeFirstOrThrow()).salt;
    },

    /** Destroys the salts of days before `day`: their visitors can no longer be recognised. */
    async destroyBefore(day: string): Promise<void> {
      await db.deleteFrom('analytics_salts').where('day', '<', day).execute();
    },
  };
}

export type SaltStore = ReturnType<typeof saltStore>;
