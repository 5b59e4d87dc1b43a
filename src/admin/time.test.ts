import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { formatInZone, fromZonedInput, zonedInputValue, zoneName } from './time.js';

const london = 'Europe/London';

describe('times in the site zone', () => {
  it('reads a summer and a winter wall-clock time as the right UTC instants', () => {
    expect(fromZonedInput('2026-07-01T09:30', london)).toBe('2026-07-01T08:30:00.000Z');
    expect(fromZonedInput('2026-12-02T09:30', london)).toBe('2026-12-02T09:30:00.000Z');
    expect(fromZonedInput('2026-07-01T09:30', 'America/New_York')).toBe('2026-07-01T13:30:00.000Z');
  });

  it('refuses a time the clocks skip and a malformed value, naming the field', () => {
    expect(() => fromZonedInput('2026-03-29T01:30', london)).toThrow(/does not exist in Europe\/London/);
    expect(() => fromZonedInput('next tuesday', london, 'scheduledFor')).toThrow(ValidationError);
    expect(() => fromZonedInput('2026-02-30T10:00', london)).toThrow(/not a date and time/);
  });

  it('takes the first of the two autumn 01:30s', () => {
    expect(fromZonedInput('2026-10-25T01:30', london)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('shows instants in the zone with its name, and fills a datetime-local input', () => {
    expect(formatInZone('2026-07-01T08:30:00Z', london)).toBe('Wed 1 Jul 2026, 09:30 BST');
    expect(formatInZone('2026-12-02T14:30:00Z', london)).toBe('Wed 2 Dec 2026, 14:30 GMT');
    expect(formatInZone('2026-12-02T14:30:00Z', london, 'date')).toBe('Wed 2 Dec 2026');
    expect(zonedInputValue('2026-07-01T08:30:00Z', london)).toBe('2026-07-01T09:30');
    expect(zoneName(london, '2026-07-01T08:30:00Z')).toBe('Europe/London (BST)');
  });
});
