import type { Generated } from 'kysely';

/** The Stripe customer of a reader (a `subscribers` row), added by migration 025. */
export interface SubscriberBillingColumns {
  stripe_customer_id: Generated<string | null>;
}

export interface MembershipTiersTable {
  id: Generated<number>;
  name: string;
  /** JSON: string[]. */
  benefits: string;
  /** JSON: Array<{ currency, monthly, annual }>, amounts in minor units. */
  prices: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface DonationAmountsTable {
  /** ISO 4217, upper case. */
  currency: string;
  /** JSON: suggested amounts in minor units. */
  one_off: string;
  monthly: string;
  position: number;
}

export type MembershipKind = 'membership' | 'donation';

/** One Stripe subscription: a recurring membership or donation, as its newest applied event left it. */
export interface MembershipsTable {
  id: Generated<number>;
  stripe_subscription_id: string;
  stripe_customer_id: string | null;
  subscriber_id: number | null;
  kind: MembershipKind;
  tier_id: number | null;
  /** Stripe's subscription status: active, trialing, past_due, canceled, unpaid, incomplete… */
  status: string;
  interval: 'month' | 'year' | null;
  amount: number | null;
  currency: string | null;
  current_period_end: string | null;
  cancel_at_period_end: number;
  past_due_since: string | null;
  /** The `created` (Unix seconds) of the newest event applied. */
  last_event_created: number;
  created_at: string;
  updated_at: string;
}

export interface MemberPaymentsTable {
  id: Generated<number>;
  /** Null once the reader deleted their account: the amount stays in the totals. */
  subscriber_id: number | null;
  email: string | null;
  kind: 'one_off' | 'recurring';
  stripe_payment_intent: string | null;
  stripe_invoice: string | null;
  stripe_subscription_id: string | null;
  amount: number;
  amount_refunded: number;
  currency: string;
  paid_at: string;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  received_at: string;
}
