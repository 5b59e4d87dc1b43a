import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** A counted view, resolved to what is stored (strings still, ids to be found). */
export interface ViewRecord {
  /** Unix seconds. */
  at: number;
  path: string;
  /** What the path looked like when counted: `article`, `front`, `search`, `newsletter`, or `section-or-page` (one segment, decided here). */
  kind: string;
  referrerHost: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  /** 0 desktop, 1 phone, 2 tablet. */
  device: number;
  visitor: number | null;
}

export type StoredView = { at: number; path_id: number; source_id: number; device: number; visitor: number | null };

/** Rows per INSERT: 5 parameters each stays far below SQLite's and PostgreSQL's limits. */
const INSERT_CHUNK = 1000;

/**
 * The raw views' data layer: dictionary ids for paths and sources (made on first sight, shared
 * by every process through their unique keys) and the multi-row insert of a batch.
 */
export function viewStore(db: Kysely<DB>) {
  return {
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

    /** Writes views as few multi-row INSERTs, in one transaction. */
    async insertViews(views: StoredView[]): Promise<void> {
      if (!views.length) return;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < views.length; i += INSERT_CHUNK) await trx.insertInto('analytics_views').values(views.slice(i, i + INSERT_CHUNK)).execute();
      });
    },
  };
}

export type ViewStore = ReturnType<typeof viewStore>;

/** The key of a source in `sourceIds`. */
export const sourceKey = (view: Pick<ViewRecord, 'referrerHost' | 'utmSource' | 'utmMedium' | 'utmCampaign'>) =>
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
