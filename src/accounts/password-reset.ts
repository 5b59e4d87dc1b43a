import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { ValidationError } from '../errors.js';
import { newToken, tokenHash } from './tokens.js';

export const RESET_TTL_MS = 3_600_000;

export const invalidResetLink = () => new ValidationError('This reset link is invalid, used or expired: ask for a new one');

/** Single-use password-reset tokens, stored hashed, valid for an hour. */
export function passwordResetStore(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  return {
    async issue(userId: number): Promise<string> {
      const token = newToken();
      const now = clock();
      await db
        .insertInto('password_resets')
        .values({ token_hash: tokenHash(token), user_id: userId, expires_at: new Date(now.getTime() + RESET_TTL_MS).toISOString(), used_at: null, created_at: now.toISOString() })
        .execute();
      return token;
    },

    /** The account a valid, unused token belongs to, or undefined. */
    async peek(token: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('password_resets')
        .select('user_id')
        .where('token_hash', '=', tokenHash(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', clock().toISOString())
        .executeTakeFirst();
      return row?.user_id;
    },

    /**
     * Marks the token used and runs `apply` for its account in the same transaction, so a
     * token works once even when two requests race, and a failed `apply` leaves it usable.
     */
    async redeem<T>(token: string, apply: (trx: Kysely<DB>, userId: number) => Promise<T>): Promise<T> {
      return inTransaction(db, async (trx) => {
        const now = clock().toISOString();
        const claimed = await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('token_hash', '=', tokenHash(token))
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .returning('user_id')
          .executeTakeFirst();
        if (!claimed) throw invalidResetLink();
        return apply(trx, claimed.user_id);
      });
    },
  };
}
