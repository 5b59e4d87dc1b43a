import { CompiledQuery, type Kysely } from 'kysely';
import { statementTexts } from '../db/batches.js';
import type { DB } from '../db/schema.js';

/** What a source is: the referrer's host (or '') and the UTM values of the page's address. */
export interface SourceFields {
  referrerHost: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
}

export type StoredView = { at: number; path_id: number; source_id: number; device: number; visitor: number | null };

/** Views as the counter hands them over: `at, path_id, source_id, device, visitor` of each view in turn, in one flat array. */
export type ViewRows = Array<number | null>;
const COLUMNS = 5;

/**
 * Rows per INSERT, largest first: a batch goes as many of the largest as fit, then smaller
 * ones, so only these few statement texts exist (each prepared once by the statement cache).
 * 1,024 rows × 5 parameters stays far below SQLite's and PostgreSQL's limits.
 */
const CHUNKS = [1024, 256, 64, 16, 4, 1];
/** Hourly cells per upsert: a batch of a few seconds holds about as many as pages read in it. */
const HOURLY_CHUNK = 500;

/** A batch's views per hour and page: the cells to add to `analytics_hourly`. */
function hourlyCounts(values: ViewRows): Array<{ hour: number; path_id: number; views: number }> {
  const cells = new Map<number, Map<number, number>>();
  for (let i = 0; i < values.length; i += COLUMNS) {
    const hour = Math.floor(values[i]! / 3600);
    const pathId = values[i + 1]!;
    let byPath = cells.get(hour);
    if (!byPath) cells.set(hour, (byPath = new Map()));
    byPath.set(pathId, (byPath.get(pathId) ?? 0) + 1);
  }
  // In one order everywhere: two processes adding to the same cells then lock them in turn, never each waiting on the other.
  return [...cells]
    .flatMap(([hour, byPath]) => [...byPath].map(([path_id, views]) => ({ hour, path_id, views })))
    .sort((a, b) => a.hour - b.hour || a.path_id - b.path_id);
}

/**
 * The raw views' data layer: dictionary ids for paths and sources (made on first sight, shared
 * by every process through their unique keys) and the multi-row insert of a batch.
 */
export function viewStore(db: Kysely<DB>) {
  // Kysely builds the INSERT of each size once; a batch only binds its numbers.
  const placeholder: StoredView = { at: 0, path_id: 0, source_id: 0, device: 0, visitor: 0 };
  const insertOf = statementTexts((rows) => db.insertInto('analytics_views').values(Array.from({ length: rows }, () => placeholder)));

  const store = {
    /**
     * Ids of `paths`, adding the missing ones (with the article or section front each names);
     * null for a one-segment path that is not a section front (/about, /login): not counted.
     */
    async pathIds(paths: Array<{ path: string; kind: string }>): Promise<Map<string, number | null>> {
      const ids = new Map<string, number | null>();
      if (!paths.length) return ids;
      const known = await db.selectFrom('analytics_paths').where('path', 'in', paths.map((p) => p.path)).select(['id', 'path']).execute();
      for (const row of known) ids.set(row.path, row.id);
      for (const { path, kind } of paths) {
        if (ids.has(path)) continue;
        const resolved = await resolvePath(db, path, kind);
        if (!resolved) {
          ids.set(path, null);
          continue;
        }
        await db.insertInto('analytics_paths').values({ path, ...resolved }).onConflict((oc) => oc.column('path').doNothing()).execute();
        const row = await db.selectFrom('analytics_paths').where('path', '=', path).select('id').executeTakeFirstOrThrow();
        ids.set(path, row.id);
      }
      return ids;
    },

    /** Ids of sources (keyed `host\0source\0medium\0campaign`), adding the missing ones. */
    async sourceIds(keys: string[]): Promise<Map<string, number>> {
      const ids = new Map<string, number>();
      for (const key of keys) {
        const [referrer_host, utm_source, utm_medium, utm_campaign] = key.split('\0') as [string, string, string, string];
        const where = { referrer_host, utm_source, utm_medium, utm_campaign };
        let row = await db.selectFrom('analytics_sources').where((eb) => eb.and(where)).select('id').executeTakeFirst();
        if (!row) {
          await db
            .insertInto('analytics_sources')
            .values({ name: utm_source || referrer_host, ...where })
            .onConflict((oc) => oc.columns(['referrer_host', 'utm_source', 'utm_medium', 'utm_campaign']).doNothing())
            .execute();
          row = await db.selectFrom('analytics_sources').where((eb) => eb.and(where)).select('id').executeTakeFirstOrThrow();
        }
        ids.set(key, row.id);
      }
      return ids;
    },

    /** Writes views (`ViewRows`) as few multi-row INSERTs, and adds them to their pages' hourly counts, in one transaction. */
    async insertRows(values: ViewRows): Promise<void> {
      if (!values.length) return;
      const hourly = hourlyCounts(values);
      await db.transaction().execute(async (trx) => {
        for (let from = 0; from < values.length; ) {
          const left = (values.length - from) / COLUMNS;
          const rows = CHUNKS.find((size) => size <= left)!;
          const to = from + rows * COLUMNS;
          await trx.executeQuery(CompiledQuery.raw(insertOf(rows), values.slice(from, to)));
          from = to;
        }
        for (let from = 0; from < hourly.length; from += HOURLY_CHUNK) {
          await trx
            .insertInto('analytics_hourly')
            .values(hourly.slice(from, from + HOURLY_CHUNK))
            .onConflict((oc) => oc.columns(['hour', 'path_id']).doUpdateSet((eb) => ({ views: eb('analytics_hourly.views', '+', eb.ref('excluded.views')) })))
            .execute();
        }
      });
    },

    /** Writes views given one object each (fixtures, benchmarks). */
    insertViews(views: StoredView[]): Promise<void> {
      return store.insertRows(views.flatMap((v) => [v.at, v.path_id, v.source_id, v.device, v.visitor]));
    },
  };
  return store;
}

export type ViewStore = ReturnType<typeof viewStore>;

/** The key of a source in `sourceIds`. */
export const sourceKey = (view: SourceFields) =>
  `${view.referrerHost}\0${view.utmSource}\0${view.utmMedium}\0${view.utmCampaign}`;

const ARTICLE_PATH = /^\/([^/]+)\/([0-9]{4}\/[0-9]{2})\/([^/]+)$/;

/** What a new path is: an article's (with its id), a section front, or (undefined) another page of one segment. */
async function resolvePath(db: Kysely<DB>, path: string, kind: string): Promise<{ kind: string; article_id: number | null } | undefined> {
  if (kind === 'article') {
    const [, section, month, slug] = ARTICLE_PATH.exec(path) ?? [];
    const row = section
      ? await db
          .selectFrom('articles')
          .innerJoin('sections', 'sections.id', 'articles.section_id')
          .where('sections.slug', '=', section)
          .where('articles.url_month', '=', month!)
          .where('articles.slug', '=', slug!)
          .select('articles.id')
          .executeTakeFirst()
      : undefined;
    return { kind, article_id: row?.id ?? null };
  }
  if (kind === 'section-or-page') {
    const section = await db.selectFrom('sections').where('slug', '=', path.slice(1)).select('id').executeTakeFirst();
    return section ? { kind: 'front', article_id: null } : undefined;
  }
  return { kind, article_id: null };
}
