import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { membershipStore, type SubscriptionState } from './membership-store.js';
import { finality } from './standing.js';
import { charge, checkoutSession, invoice, subscriptionState } from './stripe-objects.js';

/** What applying one event needs from outside the transaction: the subscription as Stripe has it now. */
export interface WebhookDeps {
  retrieveSubscription?: (id: string) => Promise<unknown>;
}

/**
 * Applies one verified Stripe event. The event id is recorded in the same transaction as its
 * effect, so a replay changes nothing. A subscription's state is taken from the event's own
 * object, never from the order events arrive in: an event older than the last applied to that
 * subscription is ignored. Returns the readers whose standing may have changed.
 */
export async function applyStripeEvent(db: Kysely<DB>, event: Stripe.Event, deps: WebhookDeps = {}, at = new Date().toISOString()): Promise<number[]> {
  const data = event.data.object as unknown;
  // A completed subscription checkout reads the subscription first: it may be the first Broadsheet hears of it.
  let retrieved: SubscriptionState | undefined;
  if (event.type === 'checkout.session.completed') {
    const session = checkoutSession(data);
    if (session.subscriptionId && deps.retrieveSubscription && !(await membershipStore(db).eventRecorded(event.id))) {
      retrieved = subscriptionState(await deps.retrieveSubscription(session.subscriptionId));
    }
  }

  return inTransaction(db, async (trx) => {
    const store = membershipStore(trx);
    if (!(await store.recordEvent(event.id, event.type, at))) return [];
    const touched: number[] = [];

    /** Applies a subscription's state unless a newer event already has; returns its reader. */
    async function applyState(state: SubscriptionState, created: number): Promise<number | null> {
      const existing = await store.bySubscription(state.subscriptionId);
      const readerId = existing?.subscriber_id ?? (state.customerId ? ((await store.readerByCustomer(state.customerId)) ?? null) : null);
      const eventTime = new Date(created * 1000).toISOString();
      if (!existing) {
        await store.insert(state, readerId, { pastDueSince: state.status === 'past_due' ? eventTime : null, eventCreated: created }, at);
        return readerId;
      }
      const older = created < existing.last_event_created;
      const tieLoses = created === existing.last_event_created && finality(state.status) < finality(existing.status);
      if (older || tieLoses) return readerId;
      await store.update(existing.id, {
        stripe_customer_id: state.customerId ?? existing.stripe_customer_id,
        subscriber_id: readerId,
        kind: state.kind,
        tier_id: state.tierId ?? existing.tier_id,
        status: state.status,
        interval: state.interval ?? existing.interval,
        amount: state.amount ?? existing.amount,
        currency: state.currency ?? existing.currency,
        current_period_end: state.currentPeriodEnd ?? existing.current_period_end,
        cancel_at_period_end: state.cancelAtPeriodEnd ? 1 : 0,
        past_due_since: state.status === 'past_due' ? (existing.past_due_since ?? eventTime) : null,
        last_event_created: created,
        updated_at: at,
      });
      return readerId;
    }

    /** An invoice moves its subscription in or out of past due, if nothing newer has said otherwise. */
    async function invoiceOutcome(subscriptionId: string | null, paid: boolean): Promise<number | null> {
      if (!subscriptionId) return null;
      const existing = await store.bySubscription(subscriptionId);
      if (!existing || event.created < existing.last_event_created) return existing?.subscriber_id ?? null;
      const eventTime = new Date(event.created * 1000).toISOString();
      if (paid && existing.status === 'past_due') {
        await store.update(existing.id, { status: 'active', past_due_since: null, last_event_created: event.created, updated_at: at });
      } else if (!paid && (existing.status === 'active' || existing.status === 'past_due')) {
        await store.update(existing.id, { status: 'past_due', past_due_since: existing.past_due_since ?? eventTime, last_event_created: event.created, updated_at: at });
      }
      return existing.subscriber_id;
    }

    switch (event.type) {
      case 'checkout.session.completed': {
        const session = checkoutSession(data);
        if (!session.email) break;
        const reader = await store.readerByEmail(session.email);
        const readerId = reader?.id ?? (await store.insertReader(session.email, at));
        if (session.customerId) {
          if (!reader?.stripe_customer_id) await store.setCustomer(readerId, session.customerId);
          await store.linkCustomer(session.customerId, readerId);
        }
        if (retrieved) {
          await applyState({ ...retrieved, customerId: retrieved.customerId ?? session.customerId }, event.created);
          const row = await store.bySubscription(retrieved.subscriptionId);
          if (row && row.subscriber_id === null) await store.update(row.id, { subscriber_id: readerId });
        }
        if (session.mode === 'payment' && session.paid && session.paymentIntent) {
          await store.insertPayment({
            subscriberId: readerId,
            email: session.email,
            kind: 'one_off',
            paymentIntent: session.paymentIntent,
            invoice: null,
            subscriptionId: null,
            amount: session.amount,
            currency: session.currency,
            paidAt: new Date(event.created * 1000).toISOString(),
            sourceArticleId: session.articleId,
          });
        }
        touched.push(readerId);
        break;
      }
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted': {
        const state = subscriptionState(data);
        // A deleted subscription's object says canceled; an old API version's may not.
        if (event.type === 'customer.subscription.deleted') state.status = 'canceled';
        const readerId = await applyState(state, event.created);
        if (readerId) touched.push(readerId);
        break;
      }
      case 'invoice.paid':
      case 'invoice.payment_failed': {
        const inv = invoice(data);
        const paid = event.type === 'invoice.paid';
        const readerId = (await invoiceOutcome(inv.subscriptionId, paid)) ?? (inv.customerId ? ((await store.readerByCustomer(inv.customerId)) ?? null) : null);
        if (paid && inv.amount > 0) {
          await store.insertPayment({
            subscriberId: readerId,
            email: inv.email,
            kind: 'recurring',
            paymentIntent: inv.paymentIntent,
            invoice: inv.id,
            subscriptionId: inv.subscriptionId,
            amount: inv.amount,
            currency: inv.currency,
            paidAt: new Date(event.created * 1000).toISOString(),
          });
        }
        if (readerId) touched.push(readerId);
        break;
      }
      case 'charge.refunded': {
        const c = charge(data);
        await store.setRefunded(c, c.amountRefunded);
        break;
      }
    }
    return touched;
  });
}
