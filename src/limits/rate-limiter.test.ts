import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { rateLimiter, TooManyRequestsError } from './rate-limiter.js';

describeEachDatabase('rate limiter', (fixture) => {
  it('lets exactly `max` of 30 parallel requests through', async () => {
    const limiter = rateLimiter(fixture().database.db);
    const limit = { key: 'test:parallel', max: 5, windowMs: 60_000 };
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => limiter.hit([limit])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TooManyRequestsError);
  });

  it('two limiters on one database (two processes) share the count', async () => {
    const { db } = fixture().database;
    const limit = { key: 'test:shared', max: 3, windowMs: 60_000 };
    await rateLimiter(db).hit([limit]);
    await rateLimiter(db).hit([limit]);
    await rateLimiter(db).hit([limit]);
    await expect(rateLimiter(db).hit([limit])).rejects.toThrow(/try again in 1 minute/);
  });

  it('opens again when the window has passed, and says when', async () => {
    let now = Date.parse('2026-12-02T10:00:00.000Z');
    const limiter = rateLimiter(fixture().database.db, () => new Date(now));
    const limit = { key: 'test:window', max: 2, windowMs: 3_600_000 };
    await limiter.hit([limit]);
    now += 20 * 60_000;
    await limiter.hit([limit]);
    await expect(limiter.hit([limit], 'Too many signups')).rejects.toThrow('Too many signups, try again in 40 minutes');
    now += 41 * 60_000;
    await expect(limiter.hit([limit])).resolves.toBeUndefined();
    await limiter.hit([limit]);
    expect(await limiter.wouldRefuse([limit])).toBe(true);
  });

  it('clear forgets a key', async () => {
    const limiter = rateLimiter(fixture().database.db);
    const limit = { key: 'test:clear', max: 1, windowMs: 60_000 };
    await limiter.hit([limit]);
    expect(await limiter.wouldRefuse([limit])).toBe(true);
    await limiter.clear(limit.key);
    expect(await limiter.wouldRefuse([limit])).toBe(false);
  });
});
