import type { BroadsheetMigration } from '../migrator.js';

/**
 * Indexes for search filters at archive scale. Section, print issue and dates are
 * checked against each full-text match through a narrow index that stays in the page
 * cache, instead of the wide article row; a topic's articles are listed from an index
 * that also holds `suggested`, instead of a table lookup per tagged article.
 */
export const searchTuning: BroadsheetMigration = {
  async up(db) {
    await db.schema.createIndex('articles_search_filter').on('articles').columns(['id', 'status', 'section_id', 'print_issue_id', 'published_at']).execute();
    await db.schema.createIndex('article_topics_search').on('article_topics').columns(['topic_id', 'suggested', 'article_id']).execute();
  },
};
