import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ContentChange } from './events.js';

/** A change as the feed holds it: what changed, which services instance changed it, its place in the feed. */
export interface RecordedChange extends ContentChange {
  seq: number;
  origin: string;
}

/** Rows per INSERT: far under SQLite's and PostgreSQL's limits on bound parameters. */
const INSERT_CHUNK = 500;

/** The channel PostgreSQL's NOTIFY wakes the other processes' followers on (src/cluster/notify-signal.ts). */
export const CHANGES_CHANNEL = 'content_changes';

/**
 * The `content_changes` table: appended by every process, read by the serving ones. With
 * `notify` (PostgreSQL), each append also sends a NOTIFY carrying the writer's origin, so the
 * followers listening read at once instead of at their next poll.
 */
export function changeStore(db: Kysely<DB>, { notify = false }: { notify?: boolean } = {}) {
  return {
    async append(origin: string, changes: ContentChange[], at: string): Promise<void> {
      for (let i = 0; i < changes.length; i += INSERT_CHUNK) {
        const rows = changes.slice(i, i + INSERT_CHUNK).map((c) => ({ entity: c.entity, entity_id: c.id, origin, at }));
        await db.insertInto('content_changes').values(rows).execute();
      }
      // After the rows committed: a follower woken by it finds them.
      if (notify && changes.length) await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${origin})`.execute(db);
    },

    /** Rows after `seq`, plus any of `missing` that have appeared since, oldest first. */
    async after(seq: number, missing: number[], limit: number): Promise<RecordedChange[]> {
      const rows = await db
        .selectFrom('content_changes')
        .select(['id', 'entity', 'entity_id', 'origin'])
        .where((eb) => (missing.length ? eb.or([eb('id', '>', seq), eb('id', 'in', missing)]) : eb('id', '>', seq)))
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ seq: Number(r.id), entity: r.entity, id: Number(r.entity_id), origin: r.origin }));
    },

    /** The newest row's id, 0 on an empty feed: where a fresh reader starts. */
    async latestSeq(): Promise<number> {
      const row = await db.selectFrom('content_changes').select((eb) => eb.fn.max('id').as('seq')).executeTakeFirst();
      return Number(row?.seq ?? 0);
    },

    /** Deletes rows recorded before `at`; returns how many. */
    async deleteBefore(at: string): Promise<number> {
      const result = await db.deleteFrom('content_changes').where('at', '<', at).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /**
     * SQLite's count of commits by other connections to the file (`PRAGMA data_version`): while it
     * stands still, the feed cannot have grown and the query can be skipped.
     */
    async sqliteDataVersion(): Promise<number> {
      const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
      return Number(rows[0]!.data_version);
    },
  };
}

export type ChangeStore = ReturnType<typeof changeStore>;
