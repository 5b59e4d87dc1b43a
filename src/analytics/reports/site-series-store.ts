import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { dayWindow, eachDay, type DayRange } from '../days.js';
import { lastRolledDay, siteFigures, type Figures } from '../report-store.js';

/**
 * Site-wide views and visitors for each day of `range` (zeros for days without any): rolled-up
 * days from their own rows in one query, the days after them (today) counted from the raw views.
 */
export async function siteSeries(db: Kysely<DB>, range: DayRange, timeZone: string): Promise<Array<Figures & { day: string }>> {
  const rolled = (await lastRolledDay(db)) ?? '';
  const rows = await db.selectFrom('analytics_days').where('day', '>=', range.from).where('day', '<=', range.to).select(['day', 'views', 'visitors']).execute();
  const byDay = new Map(rows.map((r) => [r.day, { views: Number(r.views), visitors: Number(r.visitors) }]));
  const series = [];
  for (const day of eachDay(range)) {
    const figures = day <= rolled ? (byDay.get(day) ?? { views: 0, visitors: 0 }) : await siteFigures(db, { raw: { day, ...dayWindow(day, timeZone) } });
    series.push({ day, ...figures });
  }
  return series;
}
