import { Cron } from 'croner';
import type { Newsletter } from './catalogue.js';

export interface ScheduledSend {
  slug: string;
  name: string;
  /** The slot, UTC. */
  at: string;
  /** The issue will wait for an editor's approval before it goes. */
  held: boolean;
}

export interface ScheduleDay {
  /** The day in the zone asked for, YYYY-MM-DD. */
  day: string;
  sends: ScheduledSend[];
}

// A newsletter due every minute would fill the page; nobody needs more than this to see its pattern.
const MAX_SLOTS_PER_NEWSLETTER = 50;

/**
 * Every slot in the `days` after `from` at which a newsletter composes an issue: each cadence
 * read in its own zone, earliest first. Hand-made lists compose nothing on their own.
 */
export function upcomingSends(newsletters: Newsletter[], from: Date, days = 7): ScheduledSend[] {
  const until = from.getTime() + days * 86_400_000;
  const sends: ScheduledSend[] = [];
  for (const n of newsletters) {
    if (!n.cadence || n.rule.kind === 'manual') continue;
    const cron = new Cron(n.cadence.cron, { timezone: n.cadence.timezone, paused: true });
    for (const at of cron.nextRuns(MAX_SLOTS_PER_NEWSLETTER, from)) {
      if (at.getTime() >= until) break;
      sends.push({ slug: n.slug, name: n.name, at: at.toISOString(), held: n.requiresApproval });
    }
  }
  return sends.sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
}

/** Sends grouped by their calendar day in `timeZone` (the site's), days in order. */
export function byLocalDay(sends: ScheduledSend[], timeZone: string): ScheduleDay[] {
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = new Map<string, ScheduledSend[]>();
  for (const send of sends) {
    const day = dayOf.format(new Date(send.at));
    days.set(day, [...(days.get(day) ?? []), send]);
  }
  return [...days].map(([day, list]) => ({ day, sends: list }));
}
