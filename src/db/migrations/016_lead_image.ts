import type { BroadsheetMigration } from '../migrator.js';

/**
 * The lead image's details beside the existing `image_url`: the media-library item it came
 * from (null for an image elsewhere, e.g. imported), its alt text, caption and credit, and
 * the focal point (percent from the left and top) that crops keep in view. Indexed by media
 * item so that "which articles use this image" is one index range.
 */
export const leadImageColumns: BroadsheetMigration = {
  async up(db) {
    await db.schema.alterTable('articles').addColumn('image_media_id', 'integer', (c) => c.references('media.id').onDelete('set null')).execute();
    await db.schema.alterTable('articles').addColumn('image_alt', 'text').execute();
    await db.schema.alterTable('articles').addColumn('image_caption', 'text').execute();
    await db.schema.alterTable('articles').addColumn('image_credit', 'text').execute();
    await db.schema.alterTable('articles').addColumn('image_focal_x', 'integer').execute();
    await db.schema.alterTable('articles').addColumn('image_focal_y', 'integer').execute();
    await db.schema.createIndex('articles_image_media').on('articles').column('image_media_id').execute();
  },
};
