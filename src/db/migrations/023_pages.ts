import type { BroadsheetMigration } from '../migrator.js';

/**
 * Pages: the publication's standing pages (About, Masthead, Contact, Privacy, Terms), each
 * at `/{slug}`. The body is the articles' block JSON; `status` is `draft` or `published`.
 * Slugs are unique; readers' lookups and the footer's list read them by slug and status.
 */
export const pagesTable: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('pages'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('body', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .execute();
  },
};
