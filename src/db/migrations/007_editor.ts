import type { BroadsheetMigration } from '../migrator.js';

/**
 * The editor's autosaves and uploaded images. Autosaves: a published article's live row is only changed by a
 * deliberate save (which writes a revision), so its autosaves wait here instead.
 */
export const editorTables: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('article_autosaves')
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('base_version', 'integer', (c) => c.notNull())
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('article_autosaves_pk', ['article_id', 'user_id'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('media'))
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      .addColumn('original_name', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('widths', 'text', (c) => c.notNull())
      .addColumn('alt', 'text', (c) => c.notNull())
      .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('user_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
