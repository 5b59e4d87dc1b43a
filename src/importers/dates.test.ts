import { describe, expect, it } from 'vitest';
import { dateLine, findDate, zonedTimeToUtc } from './dates.js';

describe('reading printed dates', () => {
  it.each([
    ['7 January 2022', '2022-01-07T00:00:00.000Z'],
    ['Friday 7th Jan, 2022', '2022-01-07T00:00:00.000Z'],
    ['January 7, 2022 5:35 pm EST', '2022-01-07T22:35:00.000Z'],
    ['Published: 12 July 2023, 9.15am', '2023-07-12T08:15:00.000Z'],
    ['07/01/2022', '2022-01-07T00:00:00.000Z'],
    ['01/25/2022', '2022-01-25T00:00:00.000Z'],
    ['2022-01-07T09:30:00+0100', '2022-01-07T08:30:00.000Z'],
    ['Sat 2 March 2024 14:00 GMT', '2024-03-02T14:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(findDate(text, 'Europe/London')?.iso).toBe(iso);
  });

  it('takes a date without a time as midnight in the publication’s zone', () => {
    expect(zonedTimeToUtc(2024, 7, 1, 0, 0, 'America/New_York')).toBe('2024-07-01T04:00:00.000Z');
    expect(findDate('1 July 2024', 'Australia/Sydney')?.iso).toBe('2024-06-30T14:00:00.000Z');
  });

  it('tells a date line from a sentence that mentions a date', () => {
    expect(dateLine('Updated: 8 January 2022', 'UTC')).toEqual({ iso: '2022-01-08T00:00:00.000Z', updated: true });
    expect(dateLine('The vote on 8 January 2022 was close', 'UTC')).toBeUndefined();
    expect(dateLine('31 February 2022', 'UTC')).toBeUndefined();
  });
});

describe('monthIn', () => {
  it('agrees with the article service’s URL month', async () => {
    const { urlMonth } = await import('../content/dates.js');
    const { monthIn } = await import('./dates.js');
    for (const iso of ['2022-01-07T00:00:00.000Z', '2021-12-31T23:30:00.000Z', '2024-06-30T23:30:00.000Z']) {
      for (const zone of ['Europe/London', 'America/New_York', 'Asia/Tokyo']) expect(monthIn(iso, zone)).toBe(urlMonth(iso, zone));
    }
  });

  it('agrees every 37 minutes across a month’s edges in the zones furthest from UTC', async () => {
    const { urlMonth } = await import('../content/dates.js');
    const { monthIn } = await import('./dates.js');
    for (let t = Date.UTC(2024, 1, 26); t < Date.UTC(2024, 2, 4); t += 37 * 60_000) {
      const iso = new Date(t).toISOString();
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'UTC']) expect(monthIn(iso, zone), `${iso} in ${zone}`).toBe(urlMonth(iso, zone));
    }
  });
});
