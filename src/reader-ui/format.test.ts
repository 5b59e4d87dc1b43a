import { describe, expect, it } from 'vitest';
import { formatDate, joinNames } from './format.js';

describe('formatDate', () => {
  it("writes a date in the publication's zone, the same the second time and apart for another zone", () => {
    const lateEvening = '2026-01-06T23:30:00.000Z';
    expect(formatDate(lateEvening, 'Europe/London')).toBe('6 January 2026');
    expect(formatDate(lateEvening, 'Europe/Berlin')).toBe('7 January 2026');
    expect(formatDate(lateEvening, 'Europe/London')).toBe('6 January 2026');
    expect(formatDate('2026-07-01T12:00:00.000Z', 'Europe/London')).toBe('1 July 2026');
  });
});

describe('joinNames', () => {
  it('joins a byline the way it is read', () => {
    expect([joinNames([]), joinNames(['A']), joinNames(['A', 'B']), joinNames(['A', 'B', 'C'])]).toEqual(['', 'A', 'A and B', 'A, B and C']);
  });
});
