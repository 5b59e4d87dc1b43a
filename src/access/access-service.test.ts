import { describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { ContentEvents } from '../content/events.js';
import { accessService, type AccessMeta } from './access-service.js';
import { METER_COOKIE } from './meter-cookie.js';

describe('choosing an article’s form for an anonymous reader without waiting', () => {
  const make = () => {
    const events = new ContentEvents();
    let meterFreeArticles = 1;
    const access = accessService({} as Database, { secretKey: 'test-secret', timeZone: 'Europe/London' }, {
      settings: { get: async () => ({ meterFreeArticles, meterRegisteredArticles: 2, giftsPerMonth: 3 }) },
      events,
      standing: { staffSessions: { resolve: async () => null } },
      now: () => new Date('2026-12-03T10:00:00Z'),
    });
    return { access, events, setFree: (n: number) => (meterFreeArticles = n) };
  };
  const meterOf = (setCookie: string | undefined) => setCookie?.split(';')[0];

  it('answers the same cookie the same way, and a page re-rendered with a new level anew', async () => {
    const { access } = make();
    const metered: AccessMeta = { articleId: 7, level: 'registered' };
    await access.choose(metered, { cookie: undefined, gift: undefined });
    const first = access.chooseNow(metered, { cookie: undefined, gift: undefined })!;
    expect(first.form).toBe('full');
    const cookie = meterOf(first.headers['set-cookie'])!;
    expect(cookie.startsWith(`${METER_COOKIE}=`)).toBe(true);
    // The article now counted: the same reader opens it again without counting it twice.
    expect(access.chooseNow(metered, { cookie, gift: undefined })).toEqual({ form: 'full', headers: {} });
    // Another metered article is past the allowance of one.
    expect(access.chooseNow({ articleId: 8, level: 'registered' }, { cookie, gift: undefined })!.form).toBe('register');
    // The first article made members-only: a new render, a new AccessMeta, a new answer.
    expect(access.chooseNow({ articleId: 7, level: 'members' }, { cookie, gift: undefined })!.form).toBe('join');
  });

  it('forgets its answers when the newsroom changes the meter', async () => {
    const { access, events, setFree } = make();
    const other: AccessMeta = { articleId: 8, level: 'registered' };
    await access.choose(other, { cookie: undefined, gift: undefined });
    const cookie = meterOf(access.chooseNow({ articleId: 7, level: 'registered' }, { cookie: undefined, gift: undefined })!.headers['set-cookie']);
    expect(access.chooseNow(other, { cookie, gift: undefined })!.form).toBe('register');
    setFree(5);
    events.emit({ entity: 'settings', id: 0 });
    await access.choose(other, { cookie, gift: undefined });
    expect(access.chooseNow(other, { cookie, gift: undefined })!.form).toBe('full');
  });
});
