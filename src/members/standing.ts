import type { MembershipRow } from './membership-store.js';

/** How long a member whose payment failed keeps access while Stripe retries the card. */
export const GRACE_PERIOD_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

export type MemberFacts = Pick<MembershipRow, 'status' | 'current_period_end' | 'past_due_since'>;

/**
 * A member is someone with a recurring membership or donation that is active or trialing, past
 * due but inside the grace period, or cancelled but before the end of the period paid for.
 *
 * @example isMember({ status: 'canceled', current_period_end: '2030-01-01T00:00:00Z', past_due_since: null }, new Date('2029-12-31')) // true
 */
export function isMember(facts: MemberFacts, at: Date): boolean {
  const time = at.getTime();
  switch (facts.status) {
    case 'active':
    case 'trialing':
      return true;
    case 'past_due':
      return facts.past_due_since !== null && time < Date.parse(facts.past_due_since) + GRACE_PERIOD_DAYS * DAY;
    case 'canceled':
      return facts.current_period_end !== null && time < Date.parse(facts.current_period_end);
    default:
      return false;
  }
}

/** When a past-due member's access ends, unless a payment goes through first. */
export const graceEndsAt = (pastDueSince: string) => new Date(Date.parse(pastDueSince) + GRACE_PERIOD_DAYS * DAY).toISOString();

/** Ranks a state by how final it is: of two events with the same `created`, the more final one wins. */
export const finality = (status: string) => (status === 'canceled' ? 3 : status === 'incomplete_expired' ? 2 : status === 'incomplete' ? 0 : 1);
