import type { BroadsheetMigration } from '../migrator.js';

/**
 * The newsroom's records of its readers. `source` says where a reader came from when it was not a
 * signup or a checkout ('import' for Ghost's members CSV), `labels` keeps imported labels (JSON
 * list). Notes are the newsroom's, kept with the author's name so they read the same after the
 * user is removed. A complimentary membership is one row per reader, open-ended or until a date;
 * removing it deletes the row. The created_at index serves the members list's newest-first order
 * and its signup date filter at any size.
 */
export const memberRecordTables: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema.alterTable('subscribers').addColumn('source', 'text').execute();
    await db.schema.alterTable('subscribers').addColumn('labels', 'text').execute();
    await db.schema.createIndex('subscribers_created').on('subscribers').columns(['created_at', 'id']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('member_notes'))
      .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
      .addColumn('author_name', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_notes_subscriber').on('member_notes').column('subscriber_id').execute();

    await db.schema
      .createTable('complimentary_memberships')
      .addColumn('subscriber_id', 'integer', (c) => c.primaryKey().references('subscribers.id').onDelete('cascade'))
      .addColumn('until', 'text')
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('memberships_status').on('memberships').columns(['status', 'subscriber_id']).execute();
  },
};
