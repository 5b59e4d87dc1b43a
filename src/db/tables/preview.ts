import type { Generated } from 'kysely';

/** A signed preview link for someone without an account (migration 018). */
export interface ShareLinksTable {
  id: Generated<number>;
  article_id: number;
  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  token_hash: string;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** A newsroom note on an article, for staff only (migration 018). */
export interface ArticleNotesTable {
  id: Generated<number>;
  article_id: number;
  user_id: number;
  text: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
}

/** One correction or update note of an article's body, kept by triggers (migration 018). */
export interface ArticleCorrectionsTable {
  id: Generated<number>;
  article_id: number;
  /** The note block's index in the body. */
  position: number;
  kind: string;
  /** YYYY-MM-DD, the day the note carries. */
  noted_on: string;
  text: string;
}
