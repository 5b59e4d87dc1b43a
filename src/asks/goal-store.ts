import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { GRACE_PERIOD_DAYS } from '../members/standing.js';

const DAY = 86_400_000;
/** A one-off gift counts its giver as a supporter for a year. */
const DONOR_DAYS = 365;

/**
 * The supporters counted toward /support's goal: people with a current membership or recurring
 * donation (as src/members/standing.ts judges it: active, trialing, past due inside the grace
 * period, cancelled before the period's end) and people who gave once in the past year and were
 * not refunded in full. A person counts once, known by their reader row, else their Stripe
 * customer or address.
 */
export function goalStore(db: Kysely<DB>) {
  return {
    async supporters(at: Date): Promise<number> {
      const now = at.toISOString();
      const graceStart = new Date(at.getTime() - GRACE_PERIOD_DAYS * DAY).toISOString();
      const [members, donors] = await Promise.all([
        db
          .selectFrom('memberships')
          .select(['subscriber_id', 'stripe_customer_id', 'stripe_subscription_id'])
          .where((eb) =>
            eb.or([
              eb('status', 'in', ['active', 'trialing']),
              eb.and([eb('status', '=', 'past_due'), eb('past_due_since', '>', graceStart)]),
              eb.and([eb('status', '=', 'canceled'), eb('current_period_end', '>', now)]),
            ]),
          )
          .execute(),
        db
          .selectFrom('member_payments')
          .select(['subscriber_id', 'email', 'id'])
          .where('kind', '=', 'one_off')
          .where('paid_at', '>', new Date(at.getTime() - DONOR_DAYS * DAY).toISOString())
          .whereRef('amount_refunded', '<', 'amount')
          .execute(),
      ]);
      const people = new Set<string>();
      for (const m of members) people.add(m.subscriber_id !== null ? `r${m.subscriber_id}` : `c${m.stripe_customer_id ?? m.stripe_subscription_id}`);
      for (const d of donors) people.add(d.subscriber_id !== null ? `r${d.subscriber_id}` : `e${d.email ?? d.id}`);
      return people.size;
    },
  };
}
