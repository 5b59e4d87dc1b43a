import { describe, expect, it } from 'vitest';
import { giftTokens, previousMonth } from './gift-token.js';
import { decide } from './meter.js';
import { meterCookie } from './meter-cookie.js';

const limits = { meterFreeArticles: 2, meterRegisteredArticles: 1 };
const meter = (...articleIds: number[]) => ({ month: '2026-12', articleIds });

describe('the meter', () => {
  it('opens free articles to everyone and everything to members and staff, counting nothing', () => {
    expect(decide('free', 'anonymous', 1, meter(5, 6, 7), limits)).toEqual({ form: 'full' });
    for (const standing of ['member', 'staff'] as const) {
      expect(decide('members', standing, 1, meter(5, 6, 7), limits)).toEqual({ form: 'full' });
      expect(decide('registered', standing, 1, meter(5, 6, 7), limits)).toEqual({ form: 'full' });
    }
  });

  it('counts N metered articles without an account, M more with one, each once', () => {
    expect(decide('registered', 'anonymous', 1, meter(), limits)).toEqual({ form: 'full', counted: meter(1) });
    expect(decide('registered', 'anonymous', 2, meter(1), limits)).toEqual({ form: 'full', counted: meter(1, 2) });
    expect(decide('registered', 'anonymous', 1, meter(1, 2), limits)).toEqual({ form: 'full' });
    expect(decide('registered', 'anonymous', 3, meter(1, 2), limits)).toEqual({ form: 'register' });
    expect(decide('registered', 'registered', 3, meter(1, 2), limits)).toEqual({ form: 'full', counted: meter(1, 2, 3) });
    expect(decide('registered', 'registered', 4, meter(1, 2, 3), limits)).toEqual({ form: 'join' });
  });

  it('offers membership on members-only articles to everyone else', () => {
    expect(decide('members', 'anonymous', 1, meter(), limits)).toEqual({ form: 'join' });
    expect(decide('members', 'registered', 1, meter(), limits)).toEqual({ form: 'join' });
  });
});

describe('the meter cookie', () => {
  const cookies = meterCookie('a secret key long enough for the test to sign with');

  it('reads back what it wrote, and nothing it did not sign', () => {
    const value = cookies.write(meter(7, 1234567));
    expect(value).toMatch(/^2026-12\.7-qglj\.[\w-]{22}$/);
    expect(cookies.read(value)).toEqual(meter(7, 1234567));
    expect(cookies.read(value.replace('7-', '8-'))).toBeUndefined();
    expect(cookies.read(meterCookie('another secret key long enough to sign with').write(meter()))).toBeUndefined();
    expect(cookies.read('2026-12..')).toBeUndefined();
    expect(cookies.read(undefined)).toBeUndefined();
    expect(cookies.read('x'.repeat(5000))).toBeUndefined();
  });
});

describe('gift tokens', () => {
  const gifts = giftTokens('a secret key long enough for the test to sign with');

  it('open their own article in the month given and the next, and nothing else', () => {
    const token = gifts.make(42, 9, '2026-12');
    expect(gifts.opens(token, 42, '2026-12')).toBe(true);
    expect(gifts.opens(token, 42, '2027-01')).toBe(true);
    expect(gifts.opens(token, 42, '2027-02')).toBe(false);
    expect(gifts.opens(token, 43, '2026-12')).toBe(false);
    expect(gifts.opens(token.replace(/^9\./, 'a.'), 42, '2026-12')).toBe(false);
    expect(gifts.opens(`${token}.x`, 42, '2026-12')).toBe(false);
    expect(previousMonth('2027-01')).toBe('2026-12');
  });
});
