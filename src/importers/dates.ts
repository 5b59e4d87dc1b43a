/**
 * Dates as pages print them ("7 January 2022", "January 7, 2022 5:35pm EST",
 * "07/01/2022", "2022-01-07T09:30:00Z") turned into ISO UTC instants.
 */

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthName = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const day = '(\\d{1,2})(?:st|nd|rd|th)?';
const year = '(\\d{4})';
const time = '(?:[,\\s]+(?:at\\s+)?(\\d{1,2})[:.](\\d{2})(?:[:.]\\d{2})?\\s*([ap]\\.?m\\.?)?(?:\\s*([A-Z]{2,4}|[+-]\\d{2}:?\\d{2}))?)?';

const dayFirst = new RegExp(`\\b${day}\\s+${monthName},?\\s+${year}${time}`, 'i');
const monthFirst = new RegExp(`\\b${monthName}\\s+${day},?\\s+${year}${time}`, 'i');
const numeric = new RegExp(`\\b(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})${time}`, 'i');
const isoLike = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?/;

/** Zone abbreviations newsrooms print, as minutes east of UTC. */
const zoneOffsets: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, BST: 60, IST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

/**
 * The UTC instant of a wall-clock time in a time zone.
 *
 * @example zonedTimeToUtc(2022, 1, 7, 0, 0, 'Europe/London') // '2022-01-07T00:00:00.000Z'
 */
export function zonedTimeToUtc(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): string {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at the guessed instant, read back through Intl; twice to settle across a DST change.
  let utc = guess - offsetAt(guess, timeZone);
  utc = guess - offsetAt(utc, timeZone);
  return new Date(utc).toISOString();
}

const DAY = 86_400_000;

// Building an Intl formatter costs far more than using one; imports convert many dates in few zones.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * 'YYYY/MM' of an instant in a time zone, as content/dates.ts urlMonth gives it,
 * with the formatter kept between calls.
 */
export function monthIn(iso: string, timeZone: string): string {
  const at = new Date(iso);
  const [year, month] = [at.getUTCFullYear(), at.getUTCMonth()];
  // No zone is a day or more from UTC, so a day inside a month is in that month everywhere: Intl is asked only near its edges.
  if (at.getTime() - Date.UTC(year, month, 1) > DAY && Date.UTC(year, month + 1, 1) - at.getTime() > DAY) return `${year}/${String(month + 1).padStart(2, '0')}`;
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}/${get('month').padStart(2, '0')}`;
}

function offsetAt(instant: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

export interface FoundDate {
  iso: string;
  /** Where the date sits in the text, so a caller can see what else the line holds. */
  index: number;
  length: number;
}

function instant(y: number, m: number, d: number, h: string | undefined, min: string | undefined, ampm: string | undefined, zone: string | undefined, timeZone: string): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  let hour = h === undefined ? 0 : Number(h);
  const minute = min === undefined ? 0 : Number(min);
  if (ampm) {
    const pm = ampm.toLowerCase().startsWith('p');
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  if (hour > 23 || minute > 59) return undefined;
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCDate() !== d) return undefined;
  if (zone) {
    const offset = /^[+-]/.test(zone) ? Number(zone.slice(0, 1) + '1') * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) : zoneOffsets[zone.toUpperCase()];
    if (offset !== undefined) return new Date(Date.UTC(y, m - 1, d, hour, minute) - offset * 60_000).toISOString();
  }
  return zonedTimeToUtc(y, m, d, hour, minute, timeZone);
}

/**
 * Finds the first date in a piece of text. A date without a time is midnight in
 * `timeZone`; a printed zone (GMT, EST, +01:00) wins over it. Numeric dates are read
 * day first unless that cannot be (07/25/2022).
 *
 * @example findDate('Published 7 January 2022, 5.35pm', 'Europe/London')?.iso // '2022-01-07T17:35:00.000Z'
 */
export function findDate(text: string, timeZone: string): FoundDate | undefined {
  const found: FoundDate[] = [];
  const push = (match: RegExpExecArray, iso: string | undefined) => {
    if (iso) found.push({ iso, index: match.index, length: match[0].length });
  };
  let m = isoLike.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, zone] = m;
    if (h !== undefined && zone) {
      const parsed = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
      if (!Number.isNaN(parsed)) push(m, new Date(parsed).toISOString());
    } else push(m, instant(Number(y), Number(mo), Number(d), h, mi, undefined, undefined, timeZone));
  }
  if ((m = dayFirst.exec(text))) push(m, instant(Number(m[3]), monthIndex(m[2]!), Number(m[1]), m[4], m[5], m[6], m[7], timeZone));
  if ((m = monthFirst.exec(text))) push(m, instant(Number(m[3]), monthIndex(m[1]!), Number(m[2]), m[4], m[5], m[6], m[7], timeZone));
  if ((m = numeric.exec(text))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [d, mo] = a > 12 || b <= 12 ? [a, b] : [b, a];
    push(m, instant(Number(m[3]), mo, d, m[4], m[5], m[6], m[7], timeZone));
  }
  return found.sort((x, y) => x.index - y.index)[0];
}

function monthIndex(name: string): number {
  return months.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

const dateWords = /\b(?:published|updated|last updated|modified|posted|first published|on|at|date|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?|[,:|•·–—-]/gi;

/**
 * A line that is only a date, perhaps with a label ("Updated: 8 January 2022") and a
 * weekday: what a page prints under its headline.
 */
export function dateLine(line: string, timeZone: string): { iso: string; updated: boolean } | undefined {
  if (line.length > 80) return undefined;
  line = line.replace(/\s+[|•·]\s+/g, ', ');
  const found = findDate(line, timeZone);
  if (!found) return undefined;
  const rest = (line.slice(0, found.index) + ' ' + line.slice(found.index + found.length)).replace(dateWords, ' ').trim();
  if (rest.split(/\s+/).filter(Boolean).length > 1) return undefined;
  return { iso: found.iso, updated: /\b(updated|modified)\b/i.test(line) };
}
