import type { Generated } from 'kysely';

export interface NewslettersTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  /** Cron expression in `timezone`; null for lists with no schedule. */
  cadence_cron: string | null;
  cadence_label: string | null;
  timezone: string;
  /** JSON: the content rule (newsletters/rules). */
  rule: string;
  /** 1 for the marketing-consent list. */
  marketing: number;
  sender_name: string | null;
  reply_to: string | null;
  /** 1 when composed issues wait for an editor's approval before sending. */
  requires_approval: number;
  position: number;
  created_at: string;
  /** Who it is for (migration 030): 'everyone', 'registered' or 'members'. */
  audience: Generated<'everyone' | 'registered' | 'members'>;
}

/** One row per email address, lower-cased; what they receive lives in subscriptions. */
export interface SubscribersTable {
  id: Generated<number>;
  email: string;
  created_at: string;
}

export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed';

export interface SubscriptionsTable {
  subscriber_id: number;
  newsletter_id: number;
  status: SubscriptionStatus;
  requested_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

/** Addresses no send may reach: hard bounces, complaints, manual blocks. */
export interface SuppressionsTable {
  email: string;
  reason: 'bounce' | 'complaint' | 'manual';
  detail: string;
  created_at: string;
}

/** Transactional mail (signup confirmations) written with the signup and retried until sent. */
export interface MailOutboxTable {
  id: Generated<number>;
  kind: 'confirm';
  subscriber_id: number;
  /** JSON: what the message needs (the newsletter ids to confirm). */
  payload: string;
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

/**
 * awaiting_approval (held) → sending → sent; skipped when the rule found nothing new.
 * `composed` is an editor's "Compose now" waiting for Send or Hold; `discarded` a held or
 * composed issue never to be sent. Neither of these two covers the articles it lists.
 */
export type IssueStatus = 'composed' | 'awaiting_approval' | 'sending' | 'sent' | 'skipped' | 'discarded';

export interface NewsletterIssuesTable {
  id: Generated<number>;
  newsletter_id: number;
  status: IssueStatus;
  /** The scheduled time this issue answers (unique per newsletter); null when made by hand. */
  slot_at: string | null;
  /** Content published before this instant is covered; the next issue starts here. */
  covers_until: string;
  /** What the rule drew on, e.g. `print:5103`, so the same source is not sent twice. */
  source_key: string | null;
  subject: string;
  intro: string;
  /** JSON: IssueItem[]. */
  items: string;
  /** MJML output with per-subscriber placeholders; rendered once per issue. */
  html: string;
  text: string;
  recipients: number;
  created_at: string;
  approved_at: string | null;
  send_started_at: string | null;
  sent_at: string | null;
  /** Which subscribers it went to (migration 030): 'everyone', 'members', 'free' or 'lapsed'. */
  segment: Generated<'everyone' | 'members' | 'free' | 'lapsed'>;
}

export type DeliveryStatus = 'queued' | 'handed' | 'sent' | 'failed';

/**
 * One per (issue, subscriber), fixed when the send starts. `handed` means given to
 * SMTP and not yet accepted: after a crash, exactly these may have arrived already.
 */
export interface DeliveriesTable {
  id: Generated<number>;
  issue_id: number;
  subscriber_id: number;
  email: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** 1 once this delivery was re-sent after being found in flight at a crash. */
  resent: number;
  handed_at: string | null;
  sent_at: string | null;
  last_error: string | null;
}
