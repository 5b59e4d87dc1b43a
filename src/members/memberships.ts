import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { StripeConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { BroadsheetError, ConflictError, NotFoundError } from '../errors.js';
import type { Choice } from './choice.js';
import { membershipStore, type MembershipRow } from './membership-store.js';
import { graceEndsAt, isMember } from './standing.js';
import { stripeClient } from './stripe-client.js';
import { applyStripeEvent } from './webhook.js';

/** A signature that does not verify: the request did not come from Stripe, or was changed on the way. */
export class WebhookSignatureError extends BroadsheetError {
  override name = 'WebhookSignatureError';
}

/** Payments are switched off (no STRIPE_SECRET_KEY): the route answers 404. */
export class PaymentsOffError extends NotFoundError {
  override name = 'PaymentsOffError';
}

/** What the account page shows of a reader's plan. */
export interface MemberPlanSummary {
  /** complimentary: given by the newsroom, no payments. */
  kind: 'membership' | 'donation' | 'complimentary';
  tierName: string | null;
  status: 'active' | 'past_due' | 'ending' | 'ended';
  interval: 'month' | 'year' | null;
  amount: number | null;
  currency: string | null;
  /** The next payment while active; the last day of access once cancelled. */
  periodEnd: string | null;
  /** Past due: when access ends unless a payment goes through. */
  graceEndsAt: string | null;
  /** True when the reader has a Stripe customer, so the Customer Portal can open. */
  canManage: boolean;
}

/** The newsroom's end date is stored as the midnight after the last day; readers are shown that last day. */
const lastMomentBefore = (iso: string | null) => (iso ? new Date(Date.parse(iso) - 1).toISOString() : null);

/** How long a reader's standing is remembered; a webhook about them forgets it at once. */
const STANDING_TTL_MS = 30_000;
const STANDING_CACHE_MAX = 50_000;

type Facts = Pick<MembershipRow, 'status' | 'current_period_end' | 'past_due_since'>;

export interface MembershipOptions {
  stripe?: StripeConfig;
  siteUrl: string;
  /** The clock standing is judged by (tests move it past a period's end or a grace period). */
  now?: () => Date;
}

/**
 * Memberships and donations through Stripe: Checkout, the Customer Portal, webhooks and
 * each reader's standing. Without Stripe keys only the standing works (everyone 'registered').
 */
export function membershipService(db: Kysely<DB>, options: MembershipOptions) {
  const stripe = options.stripe ? stripeClient(options.stripe) : undefined;
  const store = membershipStore(db);
  const standing = new Map<number, { facts: Facts[]; until: number }>();
  const clock = options.now ?? (() => new Date());
  const standingChanged = new Set<(readerId: number) => void>();
  const changed = (readerId: number) => standingChanged.forEach((listener) => listener(readerId));

  const requireStripe = async (): Promise<Stripe> => {
    if (!stripe) throw new PaymentsOffError('Payments are not set up on this site');
    return stripe();
  };

  async function factsOf(readerId: number): Promise<Facts[]> {
    const now = clock().getTime();
    const cached = standing.get(readerId);
    if (cached && cached.until > now) return cached.facts;
    const facts = (await store.ofReader(readerId)).map(({ status, current_period_end, past_due_since }) => ({ status, current_period_end, past_due_since }));
    // A complimentary membership reads as a subscription cancelled at its end date, or an open-ended active one.
    const gift = await store.complimentary(readerId);
    if (gift) facts.push(gift.until ? { status: 'canceled', current_period_end: gift.until, past_due_since: null } : { status: 'active', current_period_end: null, past_due_since: null });
    if (standing.size >= STANDING_CACHE_MAX) standing.clear();
    standing.set(readerId, { facts, until: now + STANDING_TTL_MS });
    return facts;
  }

  const absolute = (path: string) => new URL(path, options.siteUrl).toString();

  return {
    /** True when STRIPE_SECRET_KEY is set: /support takes payments itself. */
    enabled: stripe !== undefined,

    /**
     * 'member' while any recurring membership or donation counts (see isMember), else 'registered'.
     * Remembered for 30 s per reader, forgotten when a webhook changes them.
     */
    async standingOf(readerId: number, at: Date = clock()): Promise<'member' | 'registered'> {
      return (await factsOf(readerId)).some((f) => isMember(f, at)) ? 'member' : 'registered';
    },

    /** `standingOf` from what is remembered, without waiting: undefined when the reader's memberships must be read first. */
    standingNow(readerId: number, at: Date = clock()): 'member' | 'registered' | undefined {
      const cached = standing.get(readerId);
      if (!cached || cached.until <= at.getTime()) return undefined;
      return cached.facts.some((f) => isMember(f, at)) ? 'member' : 'registered';
    },

    /** Forgets a reader's remembered standing, after the newsroom gives or takes a complimentary membership. */
    forget(readerId: number): void {
      standing.delete(readerId);
      changed(readerId);
    },

    /** Told of each reader whose membership may have changed (a Stripe event, a complimentary membership): webhooks listen. */
    onStandingChange(listener: (readerId: number) => void): void {
      standingChanged.add(listener);
    },

    /** The reader's newest membership (or recurring donation), for the account page; null for a free reader. */
    async planOf(readerId: number, at: Date = clock()): Promise<MemberPlanSummary | null> {
      const [rows, reader] = await Promise.all([store.ofReader(readerId), store.reader(readerId)]);
      const current = rows.find((r) => isMember(r, at));
      if (!current) {
        // A paying plan that counts comes first; otherwise the newsroom's gift, while it lasts.
        const gift = await store.complimentary(readerId);
        if (gift && (!gift.until || Date.parse(gift.until) > at.getTime())) {
          return { kind: 'complimentary', tierName: null, status: 'active', interval: null, amount: null, currency: null, periodEnd: lastMomentBefore(gift.until), graceEndsAt: null, canManage: false };
        }
      }
      const row = current ?? rows[0];
      if (!row) return null;
      const tier = row.tier_id ? await db.selectFrom('membership_tiers').select('name').where('id', '=', row.tier_id).executeTakeFirst() : undefined;
      const status = !current ? 'ended' : row.status === 'past_due' ? 'past_due' : row.status === 'canceled' || row.cancel_at_period_end ? 'ending' : 'active';
      return {
        kind: row.kind,
        tierName: tier?.name ?? null,
        status,
        interval: row.interval,
        amount: row.amount,
        currency: row.currency,
        periodEnd: row.current_period_end,
        graceEndsAt: row.status === 'past_due' && row.past_due_since ? graceEndsAt(row.past_due_since) : null,
        canManage: stripe !== undefined && Boolean(reader?.stripe_customer_id),
      };
    },

    /**
     * Opens a Stripe Checkout Session for a choice and returns its address. A signed-in reader
     * pays as their own Stripe customer (made on first use); anyone else gives an email at Checkout.
     * `from.articleId`: the article page the reader started from.
     */
    async checkout(choice: Choice, reader?: { readerId: number; email: string }, from: { articleId?: number } = {}): Promise<string> {
      const client = await requireStripe();
      let customer: string | undefined;
      if (reader) {
        const row = await store.reader(reader.readerId);
        customer = row?.stripe_customer_id ?? undefined;
        if (!customer) {
          customer = (await client.customers.create({ email: reader.email, metadata: { reader_id: String(reader.readerId) } })).id;
          await store.setCustomer(reader.readerId, customer);
        }
      }
      const metadata = {
        kind: choice.kind,
        tier_id: choice.tierId ? String(choice.tierId) : '',
        ...(reader ? { reader_id: String(reader.readerId) } : {}),
        // The article the reader came from comes back with the webhook, for the newsroom's analytics.
        ...(from.articleId ? { article_id: String(from.articleId) } : {}),
      };
      const recurring = choice.frequency === 'once' ? undefined : { interval: choice.frequency };
      const session = await client.checkout.sessions.create({
        mode: recurring ? 'subscription' : 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: { currency: choice.currency.toLowerCase(), unit_amount: choice.amount, product_data: { name: choice.label }, ...(recurring ? { recurring } : {}) },
          },
        ],
        ...(customer ? { customer } : recurring ? {} : { customer_creation: 'always' as const }),
        metadata,
        ...(recurring ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
        success_url: absolute('/support/thanks'),
        cancel_url: absolute('/support/cancelled'),
      });
      if (!session.url) throw new ConflictError('Stripe did not give a checkout address; please try again');
      return session.url;
    },

    /** Opens the Customer Portal for a reader who has paid before, returning to /account. */
    async portal(readerId: number): Promise<string> {
      const client = await requireStripe();
      const reader = await store.reader(readerId);
      if (!reader?.stripe_customer_id) throw new NotFoundError('There are no payments to manage on this account yet');
      const session = await client.billingPortal.sessions.create({ customer: reader.stripe_customer_id, return_url: absolute('/account') });
      return session.url;
    },

    /**
     * Verifies a webhook's signature over its raw body, then applies the event once.
     * A bad signature throws WebhookSignatureError and changes nothing.
     */
    async receiveWebhook(rawBody: string, signature: string | undefined): Promise<void> {
      const client = await requireStripe();
      let event: Stripe.Event;
      try {
        event = client.webhooks.constructEvent(rawBody, signature ?? '', options.stripe!.webhookSecret);
      } catch {
        throw new WebhookSignatureError('The Stripe-Signature header does not verify');
      }
      const touched = await applyStripeEvent(db, event, { retrieveSubscription: (id) => client.subscriptions.retrieve(id) }, clock().toISOString());
      for (const readerId of touched) {
        standing.delete(readerId);
        changed(readerId);
      }
    },

    /**
     * Before a reader's personal data is removed: ends their subscriptions at Stripe now and keeps
     * their payments only as amounts.
     */
    async beforeReaderDeleted(readerId: number): Promise<void> {
      const rows = await store.ofReader(readerId);
      for (const row of rows.filter((r) => r.status !== 'canceled' && r.status !== 'incomplete_expired')) {
        await (await requireStripe()).subscriptions.cancel(row.stripe_subscription_id);
        await store.update(row.id, { status: 'canceled', cancel_at_period_end: 0, updated_at: new Date().toISOString() });
      }
      await store.anonymisePayments(readerId);
      standing.delete(readerId);
    },
  };
}

export type MembershipService = ReturnType<typeof membershipService>;
