import { beforeAll, expect, it } from 'vitest';
import { loginThrottle, TooManyAttemptsError } from '../src/accounts/login-throttle.js';
import { passwordResetStore } from '../src/accounts/password-reset.js';
import { sessionStore } from '../src/accounts/session-store.js';
import { testPassword } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';

const minutes = (n: number) => n * 60_000;

describeEachDatabase('sessions, sign-in limits and reset tokens over time', (fixture) => {
  let userId: number;
  let now = Date.parse('2026-03-02T09:00:00Z');
  const clock = () => new Date(now);
  beforeAll(async () => {
    userId = (await fixture().services.users.add({ email: 'clock@newsroom.test', name: 'Clock', role: 'writer', password: testPassword })).id;
  });
  const db = () => fixture().services.database.db;

  it('ends a session after its idle timeout, and after its absolute lifetime however active', async () => {
    const sessions = sessionStore(db(), { absoluteMs: minutes(120), idleMs: minutes(30) }, clock);
    const idle = await sessions.create(userId);
    now += minutes(29);
    expect((await sessions.resolve(idle.token))?.user.email).toBe('clock@newsroom.test');
    now += minutes(29);
    expect(await sessions.resolve(idle.token)).toBeDefined();
    now += minutes(31);
    expect(await sessions.resolve(idle.token)).toBeUndefined();

    const busy = await sessions.create(userId);
    for (let i = 0; i < 4; i++) {
      now += minutes(29);
      expect(await sessions.resolve(busy.token), `after ${(i + 1) * 29} minutes`).toBeDefined();
    }
    now += minutes(5);
    expect(await sessions.resolve(busy.token)).toBeUndefined();
    expect(await db().selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).toEqual([]);
  });

  it('lets sign-in reopen when failures leave the window, and never locks out an address that has not failed', async () => {
    const throttle = loginThrottle(db(), { windowMs: minutes(15), perAccount: 3, perIp: 100 }, clock);
    for (let i = 0; i < 3; i++) {
      await (await throttle.attempt('clock@newsroom.test', '192.0.2.1')).failed();
      now += minutes(1);
    }
    const error = await throttle.attempt('clock@newsroom.test', '192.0.2.1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect((error as Error).message).toBe('Too many attempts, try again in 12 minutes');
    await (await throttle.attempt('clock@newsroom.test', '192.0.2.7')).succeeded();
    now += minutes(12) + 1;
    await (await throttle.attempt('clock@newsroom.test', '192.0.2.1')).succeeded();
    expect(await db().selectFrom('login_failures').select('id').where('key', 'like', 'account%clock@newsroom.test%').execute()).toEqual([]);
  });

  it('refuses a reset token after an hour', async () => {
    const resets = passwordResetStore(db(), clock);
    const token = await resets.issue(userId);
    now += minutes(59);
    expect(await resets.peek(token)).toBe(userId);
    now += minutes(2);
    expect(await resets.peek(token)).toBeUndefined();
    await expect(resets.redeem(token, async () => 'applied')).rejects.toThrow('This reset link is invalid, used or expired');
    const row = await db().selectFrom('password_resets').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    expect(row.used_at).toBeNull();
  });
});
