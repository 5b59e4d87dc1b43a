import type { Generated } from 'kysely';

/** A Content API key or an Admin API token (migration 034); the secret itself is never stored. */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  kind: 'content' | 'admin';
  /** The staff role an admin token acts with; null for content keys. */
  role: 'contributor' | 'writer' | 'editor' | 'admin' | null;
  /** The secret's first characters, to tell keys apart in lists. */
  key_prefix: string;
  /** SHA-256 (hex) of the whole secret. */
  secret_hash: string;
  created_at: string;
  /** The user who made it; null when made from the command line. */
  created_by: number | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
