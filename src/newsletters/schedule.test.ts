import { describe, expect, it } from 'vitest';
import type { Newsletter } from './catalogue.js';
import { byLocalDay, upcomingSends } from './schedule.js';

const newsletter = (slug: string, cron: string | null, timezone = 'Europe/London', kind: Newsletter['rule']['kind'] = 'latest'): Newsletter => ({
  id: slug.length,
  slug,
  name: slug,
  description: '',
  cadence: cron ? { cron, timezone, label: slug } : null,
  rule: { kind } as Newsletter['rule'],
  marketing: false,
  senderName: null,
  replyTo: null,
  requiresApproval: false,
  audience: 'everyone',
  position: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('the week of scheduled sends', () => {
  it('reads each cadence in its own zone, so a London 07:00 moves to 06:00 UTC when the clocks go forward', () => {
    const sends = upcomingSends([newsletter('brief', '0 7 * * 5,1')], new Date('2026-03-26T10:00:00.000Z'));
    expect(sends.map((s) => s.at)).toEqual(['2026-03-27T07:00:00.000Z', '2026-03-30T06:00:00.000Z']);
  });

  it('leaves out lists without a schedule and hand-made lists, and stops a week on', () => {
    const sends = upcomingSends(
      [newsletter('none', null), newsletter('manual', '0 7 * * *', 'UTC', 'manual'), newsletter('hourly', '0 * * * *', 'UTC')],
      new Date('2026-03-26T10:00:00.000Z'),
      1,
    );
    expect(new Set(sends.map((s) => s.slug))).toEqual(new Set(['hourly']));
    expect(sends.length).toBe(23);
    expect(sends.at(-1)!.at).toBe('2026-03-27T09:00:00.000Z');
  });

  it("groups sends by the site zone's calendar day, not UTC's", () => {
    const days = byLocalDay(
      [
        { slug: 'late', name: 'Late', at: '2026-07-01T23:30:00.000Z', held: false },
        { slug: 'early', name: 'Early', at: '2026-07-02T06:00:00.000Z', held: false },
      ],
      'Europe/London',
    );
    expect(days.map((d) => [d.day, d.sends.map((s) => s.slug)])).toEqual([['2026-07-02', ['late', 'early']]]);
  });
});
