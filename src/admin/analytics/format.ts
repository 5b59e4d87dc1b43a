import type { Figures } from '../../analytics/analytics-reports.js';

const number = new Intl.NumberFormat('en-GB');

/** A count as the newsroom reads it: 12,345. */
export const count = (n: number) => number.format(n);

/** What the period before a range is called in a comparison: "yesterday by this time" (today is compared so far), "the previous 7 days". */
export const previousName = (days: number) => (days === 1 ? 'yesterday by this time' : `the previous ${days} days`);

/** What a range of the last `days` days is called: "Today", "Last 7 days". */
export const periodName = (days: number) => (days === 1 ? 'Today' : `Last ${days} days`);

/**
 * The change in views on the period before, in words.
 *
 * @example change({ views: 112, visitors: 0 }, { views: 100, visitors: 0 }, 7) // '+12% on the previous 7 days'
 */
export function change(current: Figures, previous: Figures, days: number): string {
  if (previous.views === 0) return current.views === 0 ? `No views ${previousName(days)} either` : `No views ${previousName(days)}`;
  const percent = Math.round(((current.views - previous.views) / previous.views) * 100);
  return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)}% on ${previousName(days)}`;
}

/** A source as a report names it: a referrer host or UTM source, or the direct visits. */
export const sourceName = (source: string | null) => source ?? 'Direct or unknown';
