import type { Generated } from 'kysely';

/** Columns reader accounts add to `subscribers` (migration 024): a reader is a subscriber row. */
export interface ReaderAccountColumns {
  name: string | null;
  /** When the reader first signed in; null while the row is only a newsletter address. */
  claimed_at: string | null;
  last_sign_in_at: string | null;
}

/** Emailed sign-in links: single use, short-lived, only the token's SHA-256 kept. */
export interface ReaderSignInLinksTable {
  id: Generated<number>;
  subscriber_id: number;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** Signed-in readers, apart from the newsroom's sessions; the cookie carries the token, the table its hash. */
export interface ReaderSessionsTable {
  id: Generated<number>;
  subscriber_id: number;
  token_hash: string;
  /** The synchronizer token every form of this session echoes back. */
  csrf_token: string;
  created_at: string;
  expires_at: string;
}
