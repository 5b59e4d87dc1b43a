import type { Generated } from 'kysely';

/** A newsroom's webhook endpoint (migration 035). `events` is a space-separated list of event names. */
export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  url: string;
  events: string;
  /** Signs every payload (HMAC-SHA256); shown to the newsroom once, when made. */
  secret: string;
  description: Generated<string>;
  created_at: string;
  created_by: number | null;
}

/** One event on its way to one subscription: the queue and the delivery log in one row. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  /** Sent as X-Broadsheet-Delivery: the same on every retry, so receivers can drop repeats. */
  delivery_key: string;
  subscription_id: number;
  event: string;
  /** The JSON body exactly as sent. */
  payload: string;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  created_at: string;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  /** When it was delivered or given up on. */
  finished_at: string | null;
}
