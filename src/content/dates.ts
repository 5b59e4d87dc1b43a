/** Building an Intl.DateTimeFormat costs far more than using one (imports call this per article): keep one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Calendar parts of an instant in a time zone: the URL month and the dates readers see. */
export function zonedParts(iso: string, timeZone: string): { year: string; month: string; day: string } {
  const parts = partsFormatter(timeZone).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** 'YYYY/MM' of an instant in the publication's time zone. */
export function urlMonth(iso: string, timeZone: string): string {
  const { year, month } = zonedParts(iso, timeZone);
  return `${year}/${month}`;
}
