import type { Generated } from 'kysely';

/** A gift link a member made (migration 026): one row per article given per month. */
export interface GiftLinksTable {
  id: Generated<number>;
  giver_id: number;
  article_id: number;
  /** `YYYY-MM` in the site's time zone: the month whose allowance it used. */
  month: string;
  created_at: string;
}
