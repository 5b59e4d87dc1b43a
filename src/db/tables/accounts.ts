import type { Generated } from 'kysely';

export interface SessionsTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  /** The synchronizer token every form of this session must echo back. */
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  /** `account:<email>` or `ip:<address>`. */
  key: string;
  failed_at: string;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface TopicRedirectsTable {
  from_slug: string;
  topic_id: number;
  created_at: string;
}

/** Columns the accounts work adds to `users`. */
export interface UserAccountColumns {
  /** 1: the account may not sign in and has no sessions. */
  disabled: Generated<number>;
}
