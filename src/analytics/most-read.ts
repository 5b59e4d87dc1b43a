import type { Database } from '../db/connection.js';
import { articleLabels, recentArticleViews } from './report-store.js';

/** The render cache's tag on every page that shows a "Most read" rail. */
export const MOST_READ_TAG = 'list:most-read';

/** How many articles a rail lists. */
export const MOST_READ_SIZE = 5;

/** The rail ranks the views of the last 24 hours. */
const WINDOW_SECONDS = 86_400;

export interface MostReadItem {
  articleId: number;
  headline: string;
  path: string;
}

export interface MostReadLists {
  /** The whole site's (the home page). */
  site: MostReadItem[];
  /** Each section's own (its front), by section id. */
  bySection: Map<number, MostReadItem[]>;
}

const idsOf = (items: MostReadItem[]) => items.map((item) => [item.articleId, item.headline, item.path]);
const fingerprint = (lists: MostReadLists) => JSON.stringify([idsOf(lists.site), [...lists.bySection].sort(([a], [b]) => a - b).map(([id, items]) => [id, idsOf(items)])]);

/**
 * The "Most read" rails of the home page and the section fronts: the published articles with
 * the most views in the last 24 hours, held in memory and refreshed every few minutes. A
 * refresh that changes a list tells `follow`'s listener (the render cache drops the pages
 * tagged MOST_READ_TAG); one that changes nothing drops nothing, so the cached fronts stay.
 *
 * @example const stop = mostRead.follow(() => renderCache.invalidate([MOST_READ_TAG]));
 */
export function mostReadService(database: Database, { now = () => new Date() }: { now?: () => Date } = {}) {
  let current: Promise<MostReadLists> | undefined;

  async function load(): Promise<MostReadLists> {
    const since = Math.floor(now().getTime() / 1000) - WINDOW_SECONDS;
    const ranked = (await recentArticleViews(database.db, since)).sort((a, b) => b.views - a.views || b.articleId - a.articleId);
    const site = ranked.slice(0, MOST_READ_SIZE);
    const bySection = new Map<number, typeof ranked>();
    for (const row of ranked) {
      const list = bySection.get(row.sectionId) ?? [];
      if (list.length < MOST_READ_SIZE) bySection.set(row.sectionId, [...list, row]);
    }
    const labels = await articleLabels(database.db, [...new Set([...site, ...[...bySection.values()].flat()].map((row) => row.articleId))]);
    const items = (rows: typeof ranked) => rows.flatMap((row) => {
      const label = labels.get(row.articleId);
      return label ? [{ articleId: row.articleId, headline: label.headline, path: label.path }] : [];
    });
    return { site: items(site), bySection: new Map([...bySection].map(([id, rows]) => [id, items(rows)])) };
  }

  const service = {
    /** The lists as last loaded (loaded now, the first time). */
    lists(): Promise<MostReadLists> {
      current ??= load().catch((error: unknown) => {
        current = undefined;
        throw error;
      });
      return current;
    },

    /** Loads the lists again; true when what a reader would see changed. */
    async refresh(): Promise<boolean> {
      const before = current && (await current.catch(() => undefined));
      const next = await load();
      current = Promise.resolve(next);
      return !before || fingerprint(before) !== fingerprint(next);
    },

    /** Refreshes every `everyMs` (3 minutes), calling `onChange` when a list changed; returns the stop function. */
    follow(onChange: () => void, everyMs = 180_000): () => void {
      const timer = setInterval(() => {
        service.refresh().then(
          (changed) => changed && onChange(),
          () => {},
        );
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
  return service;
}

export type MostReadService = ReturnType<typeof mostReadService>;
