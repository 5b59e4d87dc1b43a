import type { BroadsheetMigration } from '../migrator.js';

/**
 * Newsletter link clicks and where signups and payments came from (issue #20).
 *
 * - `newsletter_link_clicks`: one row per link of a sent issue, counting the readers' clicks that
 *   went through its signed redirect (/r/…). Opens are not tracked.
 * - `source_article_id` on `subscriptions` (a newsletter signup made from an article page),
 *   `memberships` (a recurring membership or donation whose checkout started from an article) and
 *   `member_payments` (a one-off gift started from one): the article a reader was reading. Null for
 *   everything else, and once the article is deleted.
 */
export const analyticsAttribution: BroadsheetMigration = {
  async up(db) {
    await db.schema
      .createTable('newsletter_link_clicks')
      .addColumn('issue_id', 'integer', (c) => c.notNull().references('newsletter_issues.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('clicks', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('newsletter_link_clicks_link', ['issue_id', 'url'])
      .execute();

    for (const table of ['subscriptions', 'memberships', 'member_payments'] as const) {
      await db.schema
        .alterTable(table)
        .addColumn('source_article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex(`${table}_source_article`).on(table).column('source_article_id').execute();
    }
  },
};
