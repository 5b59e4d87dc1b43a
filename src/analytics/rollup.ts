import type { Database } from '../db/connection.js';
import { addDays, dayOf, dayStartSeconds, dayWindow } from './days.js';
import { lastRolledDay, oldestRawView } from './report-store.js';
import { rollupStore } from './rollup-store.js';
import { saltStore } from './salt-store.js';

/** Raw views are kept this many days, then only their rollups. */
export const RAW_RETENTION_DAYS = 30;
/** Hourly counts are kept this many hours: "Most read" ranks the last 24, and a batch may come late. */
const HOURLY_RETENTION_HOURS = 48;

/** A day is rolled up this long after it ends, once every server has written its last batch of it. */
const SETTLE_SECONDS = 120;

/**
 * The daily housekeeping: rolls every completed day not yet rolled up into its rollups (in
 * order, so the newest rolled day says how far they reach), deletes raw views older than
 * 30 days once rolled up and hourly counts older than two days, and destroys the salts of days
 * that are over.
 *
 * @example await analyticsRollup(database, { timeZone }).run() // { rolledUp: ['2026-12-02'], deleted: 81234 }
 */
export function analyticsRollup(database: Database, { timeZone, now = () => new Date() }: { timeZone: string; now?: () => Date }) {
  const { db } = database;
  const store = rollupStore(db);
  const salts = saltStore(db);
  return {
    async run(): Promise<{ rolledUp: string[]; deleted: number }> {
      const at = now();
      const today = dayOf(at, timeZone);
      await salts.destroyBefore(today);
      const seconds = Math.floor(at.getTime() / 1000);
      await store.deleteHourlyBefore(Math.floor(seconds / 3600) - HOURLY_RETENTION_HOURS);
      // The last day complete and settled.
      const lastDone = addDays(dayOf(new Date((seconds - SETTLE_SECONDS) * 1000), timeZone), -1);
      const rolled = await lastRolledDay(db);
      let next = rolled ? addDays(rolled, 1) : undefined;
      if (!next) {
        const oldest = await oldestRawView(db);
        if (oldest === undefined) return { rolledUp: [], deleted: 0 };
        next = dayOf(new Date(oldest * 1000), timeZone);
      }
      const rolledUp: string[] = [];
      for (let day = next; day <= lastDone; day = addDays(day, 1)) {
        await store.rollUpDay(day, dayWindow(day, timeZone));
        rolledUp.push(day);
      }
      const last = rolledUp.at(-1) ?? rolled;
      if (!last) return { rolledUp, deleted: 0 };
      // Never a raw view whose day is not rolled up yet.
      const keepFrom = Math.min(dayStartSeconds(addDays(today, -RAW_RETENTION_DAYS), timeZone), dayStartSeconds(addDays(last, 1), timeZone));
      const deleted = await store.deleteRawBefore(keepFrom);
      return { rolledUp, deleted };
    },
  };
}
