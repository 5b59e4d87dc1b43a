/** Building an Intl.DateTimeFormat costs far more than using one: keep one per style and zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: 'date' | 'dateTime', timeZone: string): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const time = style === 'dateTime' ? ({ hour: '2-digit', minute: '2-digit' } as const) : {};
    f = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', ...time, timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** Dates already written, by zone and ISO time: a front shows thirty, the same ones until the next publication. */
const written = new Map<string, string>();
const DATES_KEPT = 5_000;

/** How dates read on the site: "7 January 2022", in the publication's time zone. */
export function formatDate(iso: string, timeZone: string): string {
  const key = `${timeZone} ${iso}`;
  let date = written.get(key);
  if (date === undefined) {
    date = formatter('date', timeZone).format(new Date(iso));
    if (written.size >= DATES_KEPT) written.clear();
    written.set(key, date);
  }
  return date;
}

/** "7 January 2022, 09:30", for updates where the hour matters. */
export function formatDateTime(iso: string, timeZone: string): string {
  return formatter('dateTime', timeZone).format(new Date(iso));
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
