import type { Generated } from 'kysely';

/** An article pinned into a top slot of a front (migration 019). */
export interface FrontPinsTable {
  id: Generated<number>;
  /** `home`, or `section:<id>` for a section front. */
  front: string;
  /** 1 is the lead; slots count from the top of the front. */
  slot: number;
  article_id: number;
  /** UTC ISO; null pins until unpinned. */
  expires_at: string | null;
  pinned_by: number | null;
  pinned_at: string;
}
