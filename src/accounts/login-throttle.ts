import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { BroadsheetError } from '../errors.js';

/** Sign-in refused until some failures age out of the window. */
export class TooManyAttemptsError extends BroadsheetError {
  override name = 'TooManyAttemptsError';
  override readonly status = 429;
  constructor(readonly minutes: number) {
    super(`Too many attempts, try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
  }
}

export interface ThrottleLimits {
  windowMs: number;
  /** Failures allowed per account in the window: stops guessing one password. */
  perAccount: number;
  /** Failures allowed per address in the window: stops trying one password on many accounts. */
  perIp: number;
}

export const defaultThrottleLimits: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 5, perIp: 20 };

/** Failed sign-ins, counted in the database so that every app process sees the same count. */
export function loginThrottle(db: Kysely<DB>, limits: ThrottleLimits = defaultThrottleLimits, clock: () => Date = () => new Date()) {
  const keys = (email: string, ip: string) => [
    { key: `account:${email.toLowerCase()}`, limit: limits.perAccount },
    { key: `ip:${ip}`, limit: limits.perIp },
  ];

  return {
    /** Throws TooManyAttemptsError when the account or the address has used up its failures. */
    async check(email: string, ip: string): Promise<void> {
      const now = clock().getTime();
      const since = new Date(now - limits.windowMs).toISOString();
      for (const { key, limit } of keys(email, ip)) {
        const recent = await db.selectFrom('login_failures').select('failed_at').where('key', '=', key).where('failed_at', '>', since).orderBy('failed_at', 'desc').limit(limit).execute();
        if (recent.length < limit) continue;
        // Sign-in opens again when the oldest of the last `limit` failures leaves the window.
        const reopensAt = Date.parse(recent.at(-1)!.failed_at) + limits.windowMs;
        throw new TooManyAttemptsError(Math.max(1, Math.ceil((reopensAt - now) / 60_000)));
      }
    },

    async fail(email: string, ip: string): Promise<void> {
      const failed_at = clock().toISOString();
      await db.insertInto('login_failures').values(keys(email, ip).map(({ key }) => ({ key, failed_at }))).execute();
      await db.deleteFrom('login_failures').where('failed_at', '<', new Date(clock().getTime() - limits.windowMs).toISOString()).execute();
    },

    /** A good password clears the account's count (not the address's: one account proves nothing about the rest). */
    async succeed(email: string): Promise<void> {
      await db.deleteFrom('login_failures').where('key', '=', `account:${email.toLowerCase()}`).execute();
    },
  };
}
