import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { BroadsheetError } from '../errors.js';

/** A request over one of its limits; says when to try again and never echoes the input. */
export class TooManyRequestsError extends BroadsheetError {
  override name = 'TooManyRequestsError';
  override readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    what = 'Too many requests',
  ) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`${what}, try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
  }
}

export interface Limit {
  /** What is counted, e.g. `signup-ip:203.0.113.9`. */
  key: string;
  /** Requests allowed in one window. */
  max: number;
  windowMs: number;
}

const windowOf = (now: number, windowMs: number) => new Date(Math.floor(now / windowMs) * windowMs);

/**
 * Limits counted in the database in fixed windows, so that every process of a site shares
 * them. Each request adds one to its window's row with a single upsert that returns the new
 * count: the database orders parallel requests, so exactly `max` pass, on SQLite and PostgreSQL.
 *
 * @example
 *   await limiter.hit([{ key: `signup-ip:${ip}`, max: 10, windowMs: 3_600_000 }], 'Too many signups');
 */
export function rateLimiter(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  const countUp = async ({ key, windowMs }: Limit, now: number) => {
    const row = await db
      .insertInto('rate_limits')
      .values({ key, window_start: windowOf(now, windowMs).toISOString(), hits: 1 })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limits.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow();
    return Number(row.hits);
  };

  const current = async ({ key, windowMs }: Limit, now: number) => {
    const row = await db.selectFrom('rate_limits').select('hits').where('key', '=', key).where('window_start', '=', windowOf(now, windowMs).toISOString()).executeTakeFirst();
    return Number(row?.hits ?? 0);
  };

  const retryAfter = ({ windowMs }: Limit, now: number) => Math.max(1, Math.ceil((windowOf(now, windowMs).getTime() + windowMs - now) / 1000));

  return {
    /** Counts one request against every limit; throws TooManyRequestsError when any is exceeded. */
    async hit(limits: Limit[], what?: string): Promise<void> {
      const now = clock().getTime();
      for (const limit of limits) {
        if ((await countUp(limit, now)) > limit.max) throw new TooManyRequestsError(retryAfter(limit, now), what);
      }
    },

    /** Whether one more request would be refused, without counting one. */
    async wouldRefuse(limits: Limit[]): Promise<boolean> {
      const now = clock().getTime();
      for (const limit of limits) if ((await current(limit, now)) >= limit.max) return true;
      return false;
    },

    /** Forgets a key's counts (a good password clears its account's failures). */
    async clear(key: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },

    /** Drops windows that started longer ago than the longest window in use. */
    async prune(olderThanMs: number): Promise<void> {
      await db.deleteFrom('rate_limits').where('window_start', '<', new Date(clock().getTime() - olderThanMs).toISOString()).execute();
    },
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;
