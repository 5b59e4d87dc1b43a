import type { MembershipKind } from '../db/tables/members.js';
import type { SubscriptionState } from './membership-store.js';

/**
 * Reading the few fields Broadsheet needs from Stripe's objects, whichever API version sent
 * them: newer versions moved the period end onto subscription items and an invoice's
 * subscription under `parent`, so both places are read.
 */
type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** An expandable field: the id string, or the expanded object's id. */
const ref = (v: unknown): string | null => str(v) ?? str(obj(v).id);
const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

export const kindOf = (metadata: unknown): MembershipKind => (obj(metadata).kind === 'donation' ? 'donation' : 'membership');
const tierOf = (metadata: unknown): number | null => {
  const id = Number(obj(metadata).tier_id);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** The article a checkout started from (src/analytics/links/source-article.ts), if the metadata names one. */
const articleOf = (metadata: unknown): number | null => {
  const id = Number(obj(metadata).article_id);
  return Number.isInteger(id) && id > 0 ? id : null;
};

export function subscriptionState(subscription: unknown): SubscriptionState {
  const s = obj(subscription);
  const item = obj((obj(s.items).data as unknown[] | undefined)?.[0]);
  const price = obj(item.price);
  const interval = str(obj(price.recurring).interval);
  return {
    subscriptionId: str(s.id) ?? '',
    customerId: ref(s.customer),
    kind: kindOf(s.metadata),
    tierId: tierOf(s.metadata),
    status: str(s.status) ?? 'incomplete',
    interval: interval === 'month' || interval === 'year' ? interval : null,
    amount: num(price.unit_amount),
    currency: str(price.currency)?.toUpperCase() ?? null,
    currentPeriodEnd: iso(num(s.current_period_end) ?? num(item.current_period_end)),
    cancelAtPeriodEnd: s.cancel_at_period_end === true,
    articleId: articleOf(s.metadata),
  };
}

export function checkoutSession(session: unknown) {
  const s = obj(session);
  return {
    mode: str(s.mode),
    email: (str(obj(s.customer_details).email) ?? str(s.customer_email))?.toLowerCase() ?? null,
    customerId: ref(s.customer),
    subscriptionId: ref(s.subscription),
    paymentIntent: ref(s.payment_intent),
    amount: num(s.amount_total) ?? 0,
    currency: str(s.currency)?.toUpperCase() ?? '',
    paid: s.payment_status === 'paid' || s.payment_status === 'no_payment_required',
    readerId: Number(obj(s.metadata).reader_id) || null,
    articleId: articleOf(s.metadata),
  };
}

export function invoice(value: unknown) {
  const i = obj(value);
  return {
    id: str(i.id) ?? '',
    customerId: ref(i.customer),
    subscriptionId: ref(i.subscription) ?? ref(obj(obj(i.parent).subscription_details).subscription),
    paymentIntent: ref(i.payment_intent),
    amount: num(i.amount_paid) ?? 0,
    currency: str(i.currency)?.toUpperCase() ?? '',
    email: str(i.customer_email)?.toLowerCase() ?? null,
  };
}

export function charge(value: unknown) {
  const c = obj(value);
  return { paymentIntent: ref(c.payment_intent), invoice: ref(c.invoice), amountRefunded: num(c.amount_refunded) ?? 0 };
}
