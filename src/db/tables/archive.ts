import type { Generated } from 'kysely';

/** One row per URL month ('YYYY/MM'), kept by triggers on `articles` (migration 008). */
export interface ArchiveMonthsTable {
  url_month: string;
  /** Published articles in the month; 0 once the last one is unpublished. */
  published: number;
  /** The latest updated_at of an article that entered, left or changed in the month. */
  changed_at: string;
}

/**
 * Added to `article_topics` and `article_authors` (migration 008): the article's
 * published_at while it is published, null otherwise, kept by triggers, so that a
 * topic's or an author's newest articles are one index range.
 */
export interface ListingColumns {
  published_at: Generated<string | null>;
}
