import type { Generated } from 'kysely';

/** Fedify's key-value store (migration 036): the key is the JSON of Fedify's key array. */
export interface FediverseKvTable {
  key: string;
  value: string;
  expires_at: string | null;
}

/** Fedify's message queue: a message is due at `available_at` and taken by one worker's lease. */
export interface FediverseQueueTable {
  id: Generated<number>;
  message: string;
  available_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
}

/** An actor's key pair, as JWK; one per algorithm (RSA for HTTP signatures, Ed25519 for proofs). */
export interface FediverseKeysTable {
  actor: string;
  algorithm: string;
  private_jwk: string;
  public_jwk: string;
  created_at: string;
}

/** A remote actor following one of ours. */
export interface FediverseFollowersTable {
  id: Generated<number>;
  actor: string;
  follower_uri: string;
  inbox_url: string;
  shared_inbox_url: string | null;
  handle: string | null;
  created_at: string;
}

/** An activity one of our actors sent, as JSON-LD, for its outbox. */
export interface FediverseActivitiesTable {
  id: Generated<number>;
  actor: string;
  type: string;
  article_id: number | null;
  activity: string;
  published_at: string;
}

/** What followers were last told of an article: `live` with the fingerprint of what was sent, or `deleted`. */
export interface FediverseArticlesTable {
  article_id: number;
  state: string;
  fingerprint: string;
  updated_at: string;
}
