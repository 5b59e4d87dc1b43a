import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * The partner slot on every article page asks for the newest published partner pieces.
 * Partner pieces are a handful among a century of journalism, so without an index of
 * their own the query walks every newer editorial article (all of them when there are
 * no partner pieces) to find three. A partial index holds only sponsored rows.
 */
export const partnerPiecesIndex: BroadsheetMigration = {
  async up(db) {
    await db.schema
      .createIndex('articles_partner_published')
      .on('articles')
      .columns(['status', 'published_at'])
      .where(sql.ref('sponsor'), 'is not', null)
      .execute();
  },
};
