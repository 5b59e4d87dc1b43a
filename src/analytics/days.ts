import { dayStart } from '../search/days.js';

/**
 * Analytics counts by calendar day in the site's time zone (`YYYY-MM-DD`): an editor's
 * "today" starts at the newsroom's midnight, and so does the visitor salt's day.
 */

/** An inclusive range of days, e.g. the last 7 days ending today. */
export interface DayRange {
  from: string;
  to: string;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `instant` in `timeZone`. @example dayOf(new Date('2026-06-30T23:30:00Z'), 'Europe/London') // '2026-07-01' */
export function dayOf(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/** Unix seconds at which `day` begins in `timeZone`. */
export function dayStartSeconds(day: string, timeZone: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return Date.parse(dayStart(year, month, date, timeZone)) / 1000;
}

/** The Unix-second window [start, end) of `day`. */
export function dayWindow(day: string, timeZone: string): { start: number; end: number } {
  return { start: dayStartSeconds(day, timeZone), end: dayStartSeconds(addDays(day, 1), timeZone) };
}

/** `day` moved by `count` days (negative for earlier). */
export function addDays(day: string, count: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + count)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, inclusive of both. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Every day of a range, in order. */
export function eachDay({ from, to }: DayRange): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The `count` days ending with `today`. @example lastDays(7, '2026-12-03') // { from: '2026-11-27', to: '2026-12-03' } */
export function lastDays(count: number, today: string): DayRange {
  return { from: addDays(today, 1 - count), to: today };
}

/** The range of the same length just before `range`, for comparisons. */
export function previousRange(range: DayRange): DayRange {
  const length = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** A day as the rollups store it: whole days since 1970-01-01. @example dayNumber('1970-01-02') // 1 */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

/** The day a rollup's day number stands for. @example dayFromNumber(1) // '1970-01-02' */
export function dayFromNumber(number: number): string {
  return new Date(number * 86_400_000).toISOString().slice(0, 10);
}
