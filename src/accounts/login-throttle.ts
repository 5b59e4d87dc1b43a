import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { TooManyRequestsError } from '../limits/rate-limiter.js';

/** Sign-in refused until some failures age out of the window: the limits' 429, worded for sign-in. */
export class TooManyAttemptsError extends TooManyRequestsError {
  override name = 'TooManyAttemptsError';
  constructor(minutes: number) {
    super(minutes * 60, 'Too many attempts');
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

/** One sign-in whose password is being checked; its failure is already counted. */
export interface LoginAttempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

/**
 * Failed sign-ins in a sliding window, counted in the database so that every app process
 * sees the same count. Lockouts fall on an account-and-address pair rather than on the
 * account, so a stranger's guesses cannot lock its owner out; the account-wide count is kept:
 *
 * - an address gets `perIp` failures across all accounts;
 * - an address gets `perAccount` failures on one account;
 * - once an account has `perAccount` failures from anywhere, only addresses that have not
 *   failed on it may still try: a distributed guesser gets one try per new address, while
 *   the account's owner signing in from a clean address is never locked out by a stranger.
 *
 * An attempt is written as a failure before its password is checked, and the counts read
 * after the write include every attempt in flight: the database orders parallel attempts,
 * so at most the limit of them reach the password check, on SQLite and PostgreSQL alike.
 */
export function loginThrottle(db: Kysely<DB>, limits: ThrottleLimits = defaultThrottleLimits, clock: () => Date = () => new Date()) {
  const keysOf = (email: string, ip: string) => {
    const account = email.toLowerCase();
    return { address: `ip:${ip}`, account: `account:${account}`, pair: `account-ip:${account} ${ip}` };
  };

  /** The newest `count` failures under `key` in the window, newest first, leaving out `own`. */
  const recent = (key: string, since: string, own: number[], count: number) =>
    db.selectFrom('login_failures').select('failed_at').where('key', '=', key).where('failed_at', '>', since).where('id', 'not in', own).orderBy('failed_at', 'desc').orderBy('id', 'desc').limit(count).execute();

  return {
    /**
     * Counts a sign-in attempt before its password is checked. Throws TooManyAttemptsError
     * (counting nothing) when the address or the account has used up its failures.
     */
    async attempt(email: string, ip: string): Promise<LoginAttempt> {
      const now = clock().getTime();
      const keys = keysOf(email, ip);
      const failed_at = new Date(now).toISOString();
      const own = (
        await db
          .insertInto('login_failures')
          .values(Object.values(keys).map((key) => ({ key, failed_at })))
          .returning('id')
          .execute()
      ).map((row) => row.id);

      const since = new Date(now - limits.windowMs).toISOString();
      const [address, account, pair] = await Promise.all([
        recent(keys.address, since, own, limits.perIp),
        recent(keys.account, since, own, limits.perAccount),
        recent(keys.pair, since, own, limits.perAccount),
      ]);
      const reopensAt = (failure: { failed_at: string }) => Date.parse(failure.failed_at) + limits.windowMs;
      const blockedUntil: number[] = [];
      // Each rule opens again when enough of its failures leave the window.
      if (address.length >= limits.perIp) blockedUntil.push(reopensAt(address.at(-1)!));
      if (pair.length >= limits.perAccount) blockedUntil.push(reopensAt(pair.at(-1)!));
      if (account.length >= limits.perAccount && pair.length > 0) blockedUntil.push(Math.min(reopensAt(account.at(-1)!), reopensAt(pair[0]!)));
      if (blockedUntil.length) {
        await db.deleteFrom('login_failures').where('id', 'in', own).execute();
        throw new TooManyAttemptsError(Math.max(1, Math.ceil((Math.max(...blockedUntil) - now) / 60_000)));
      }

      return {
        async failed() {
          await db.deleteFrom('login_failures').where('failed_at', '<=', since).execute();
        },
        /** A good password clears the account's count and this address's failures on it (not its count elsewhere: one account proves nothing about the rest). */
        async succeeded() {
          await db
            .deleteFrom('login_failures')
            .where((eb) => eb.or([eb('id', 'in', own), eb('key', 'in', [keys.account, keys.pair])]))
            .execute();
        },
      };
    },
  };
}
