import { beforeAll, expect, it } from 'vitest';
import { tokenHash } from '../accounts/tokens.js';
import { describeEachDatabase } from '../../test/support/databases.js';
import { linkTokens } from '../newsletters/tokens.js';
import { readerAccountService, SESSION_CACHE_MS } from './reader-accounts.js';

describeEachDatabase('reader accounts: identify', (fixture) => {
  let at = Date.parse('2026-04-01T09:00:00Z');
  const config = { timeZone: 'Europe/London', siteUrl: 'http://localhost', secretKey: 'i'.repeat(40) };
  const accounts = () => readerAccountService(fixture().database.db, config, { linkTokens: linkTokens('n'.repeat(40)), now: () => new Date(at) });
  let service: ReturnType<typeof accounts>;

  /** A signed-in reader's Cookie header, by a link issued straight into the table. */
  async function signedIn(email: string): Promise<string> {
    const { db } = fixture().database;
    const reader = await db.insertInto('subscribers').values({ email, created_at: new Date(at).toISOString() }).returning('id').executeTakeFirstOrThrow();
    const token = `${email.replace(/\W/g, '')}${'x'.repeat(43)}`.slice(0, 43);
    await db
      .insertInto('reader_sign_in_links')
      .values({ subscriber_id: reader.id, token_hash: tokenHash(token), expires_at: new Date(at + 60_000).toISOString(), used_at: null, created_at: new Date(at).toISOString() })
      .execute();
    return `other=1; ${service.cookie.name}=${(await service.signIn(token)).cookieValue}`;
  }

  beforeAll(() => {
    service = accounts();
  });

  it('names the reader of a genuine cookie and nobody for a tampered one', async () => {
    const cookie = await signedIn('one@example.org');
    expect(await service.identify(cookie)).toMatchObject({ email: 'one@example.org' });
    expect(await service.identify(cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull();
    expect(await service.identify(undefined)).toBeNull();
    expect(await service.identify('broadsheet_reader=')).toBeNull();
  });

  it('forgets a signed-out session at once in its own process', async () => {
    const cookie = await signedIn('two@example.org');
    expect(await service.identify(cookie)).not.toBeNull();
    await service.signOut(cookie);
    expect(await service.identify(cookie)).toBeNull();
  });

  it('answers from memory, and a session ended elsewhere stops working within the cache time', async () => {
    const cookie = await signedIn('three@example.org');
    const elsewhere = accounts();
    expect(await elsewhere.identify(cookie)).toMatchObject({ email: 'three@example.org' });
    // Another process signs the reader out: this one still trusts its memory, without asking the database…
    await service.signOut(cookie);
    expect(await elsewhere.identify(cookie)).toMatchObject({ email: 'three@example.org' });
    // …until the cache time is up.
    at += SESSION_CACHE_MS;
    expect(await elsewhere.identify(cookie)).toBeNull();
  });

  it('identifies from memory without waiting only what it remembers, and for no longer than the cache time', async () => {
    const cookie = await signedIn('five@example.org');
    const fresh = accounts();
    expect(fresh.identifyNow(cookie)).toBeUndefined();
    expect(fresh.identifyNow('other=1')).toBeNull();
    await fresh.identify(cookie);
    expect(fresh.identifyNow(cookie)).toMatchObject({ email: 'five@example.org' });
    await fresh.identify('broadsheet_reader=forged');
    expect(fresh.identifyNow('broadsheet_reader=forged')).toBeUndefined();
    await fresh.signOut(cookie);
    expect(fresh.identifyNow(cookie)).toBeUndefined();
    await fresh.identify(cookie);
    expect(fresh.identifyNow(cookie)).toBeNull();
    at += SESSION_CACHE_MS;
    expect(fresh.identifyNow(cookie)).toBeUndefined();
  });

  it('runs the onBeforeDelete hooks before the data goes, and a failing hook keeps the account', async () => {
    const cookie = await signedIn('four@example.org');
    const { readerId } = (await service.identify(cookie))!;
    const failing = accounts();
    failing.onBeforeDelete(async () => {
      throw new Error('Stripe is down');
    });
    await expect(failing.deleteAccount(readerId)).rejects.toThrow('Stripe is down');
    expect(await service.account(readerId)).toBeDefined();

    const calls: number[] = [];
    service.onBeforeDelete(async (id) => {
      calls.push(id);
    });
    await service.deleteAccount(readerId);
    expect(calls).toEqual([readerId]);
    expect(await service.account(readerId)).toBeUndefined();
    expect(await service.identify(cookie)).toBeNull();
  });
});
