import type { Database } from '../db/connection.js';
import { zonedParts } from '../content/dates.js';
import { dayStart, isRealDay, nextDay } from './days.js';
import { searchStore, type HitArticle } from './search-store.js';

/** Articles shown per past year on the "On this day" page. */
export const PER_YEAR = 5;

export interface OnThisDay {
  month: number;
  day: number;
  years: Array<{ year: number; articles: HitArticle[] }>;
}

/** What was published on a calendar day (in the publication's time zone) in every past year. */
export function onThisDayService(database: Database, options: { timeZone: string; now?: () => Date }) {
  const store = searchStore(database.db, database.dialect);
  const tz = options.timeZone;

  /** Today's date in the publication's time zone. */
  function today(): { year: number; month: number; day: number } {
    const p = zonedParts((options.now?.() ?? new Date()).toISOString(), tz);
    return { year: Number(p.year), month: Number(p.month), day: Number(p.day) };
  }

  return {
    today,

    /**
     * Up to PER_YEAR articles from each earlier year's `month`/`day`, newest year first.
     * One indexed range per year, so a century costs a hundred small index seeks.
     */
    async on(month: number, day: number): Promise<OnThisDay> {
      const thisYear = today().year;
      const first = await store.firstPublished();
      const firstYear = first ? Number(zonedParts(first, tz).year) : thisYear;
      const byYear = new Map<number, number[]>();
      for (let y = thisYear - 1; y >= firstYear; y--) {
        if (!isRealDay(y, month, day)) continue;
        const ids = await store.publishedBetween(dayStart(y, month, day, tz), dayStart(...nextDay(y, month, day), tz), PER_YEAR);
        if (ids.length) byYear.set(y, ids);
      }
      const articles = await store.articles([...byYear.values()].flat());
      const years = [...byYear.entries()].map(([year, ids]) => ({ year, articles: ids.flatMap((id) => articles.get(id) ?? []) }));
      return { month, day, years };
    },
  };
}

export type OnThisDayService = ReturnType<typeof onThisDayService>;
