import { TZDate, tzOffset } from '@date-fns/tz';
import { ValidationError } from '../errors.js';

/**
 * The newsroom enters and reads times in the site's zone; the database keeps UTC.
 * Formatters are built once per zone and style: building one costs far more than using it.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** The zone's short name at an instant: 'GMT' or 'BST' for Europe/London, 'CET', 'GMT+5'. */
export function zoneAbbreviation(timeZone: string, atIso: string = new Date().toISOString()): string {
  const part = formatter(timeZone, { timeZoneName: 'short' })
    .formatToParts(new Date(atIso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** How a form names the zone it asks for: 'Europe/London (GMT)'. */
export function zoneName(timeZone: string, atIso?: string): string {
  return `${timeZone} (${zoneAbbreviation(timeZone, atIso)})`;
}

/** 'Wed 2 Dec 2026, 14:30 GMT'; `date` gives 'Wed 2 Dec 2026'. */
export function formatInZone(iso: string, timeZone: string, format: 'datetime' | 'date' = 'datetime'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = formatter(timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(date).replace(/,/g, '');
  if (format === 'date') return day;
  const time = formatter(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return `${day}, ${time} ${zoneAbbreviation(timeZone, iso)}`;
}

/** The value an `<input type="datetime-local">` shows for an instant: 'YYYY-MM-DDTHH:mm' in the zone. */
export function zonedInputValue(iso: string, timeZone: string): string {
  const local = new TZDate(new Date(iso).getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The UTC instant of a wall-clock time typed in the zone. A time the clocks skip (01:30 on
 * the spring-forward night in London) does not exist and is refused rather than moved; a time
 * that happens twice (the autumn hour) means its first occurrence.
 */
export function fromZonedInput(value: string, timeZone: string, field = 'when'): string {
  const m = LOCAL_INPUT.exec(value.trim());
  const refuse = (message: string): never => {
    throw new ValidationError('Invalid time', [{ path: field, message }]);
  };
  if (!m) return refuse(`must be a date and time like 2026-12-02T14:30 (${zoneName(timeZone)})`);
  const [year, month, day, hour, minute, second] = m.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(wall);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return refuse(`${value} is not a date and time`);
  // The zone's offsets a day either side of the wall-clock time; an instant is an answer when
  // the zone, at that instant, really has the offset that produced it.
  const DAY = 86_400_000;
  const offsets = new Set([tzOffset(timeZone, new Date(wall - DAY)), tzOffset(timeZone, new Date(wall + DAY))]);
  const instants = [...offsets].map((minutes) => wall - minutes * 60_000).filter((t) => tzOffset(timeZone, new Date(t)) * 60_000 === wall - t);
  if (instants.length === 0) return refuse(`${value.replace('T', ' ')} does not exist in ${timeZone}: the clocks change then`);
  return new Date(Math.min(...instants)).toISOString();
}
