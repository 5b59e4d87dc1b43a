import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.js';
import type { MediaTable } from '../db/tables/editor.js';

export type MediaRow = Selectable<MediaTable>;

/** Rows describing uploaded images; the files themselves live under DATA_DIR/media. */
export function mediaStore(db: Kysely<DB>) {
  return {
    insert: (row: Omit<MediaRow, 'id'>) => db.insertInto('media').values(row).returningAll().executeTakeFirstOrThrow(),
    get: (id: number) => db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (limit: number, offset: number) => db.selectFrom('media').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
  };
}
