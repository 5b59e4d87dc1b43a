import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { GRACE_PERIOD_DAYS } from '../members/standing.js';

/** Who a newsletter is for: everyone, readers with an account (registered), or members only. */
export const newsletterAudiences = ['everyone', 'registered', 'members'] as const;
export type NewsletterAudience = (typeof newsletterAudiences)[number];

/** Which of a newsletter's subscribers one issue goes to. */
export const issueSegments = ['everyone', 'members', 'free', 'lapsed'] as const;
export type IssueSegment = (typeof issueSegments)[number];

export const audienceInput = z.enum(newsletterAudiences, { error: 'must be everyone, registered readers or members' });
export const segmentInput = z.enum(issueSegments, { error: 'must be everyone, members, free readers or lapsed members' });

/** The newsletters the public signup form offers: members-only ones are chosen from the account page. */
export const openToSignup = <N extends { audience: NewsletterAudience }>(list: N[]): N[] => list.filter((n) => n.audience !== 'members');

export const audienceLabels: Record<NewsletterAudience, string> = { everyone: 'Everyone', registered: 'Registered readers', members: 'Members only' };
export const segmentLabels: Record<IssueSegment, string> = { everyone: 'Every subscriber', members: 'Members', free: 'Free readers (not members)', lapsed: 'Lapsed members' };

const DAY = 86_400_000;

type Subscribers = ExpressionBuilder<DB, 'subscribers'>;

/**
 * A current member, as src/members/standing.ts judges it (active or trialing, past due inside the
 * grace period, cancelled before the period's end), or a complimentary membership still running.
 */
function isMember(eb: Subscribers, at: Date) {
  const now = at.toISOString();
  const graceStart = new Date(at.getTime() - GRACE_PERIOD_DAYS * DAY).toISOString();
  return eb.or([
    eb.exists(
      eb
        .selectFrom('memberships')
        .select(sql.lit(1).as('one'))
        .whereRef('memberships.subscriber_id', '=', 'subscribers.id')
        .where((m) =>
          m.or([
            m('memberships.status', 'in', ['active', 'trialing']),
            m.and([m('memberships.status', '=', 'past_due'), m('memberships.past_due_since', '>', graceStart)]),
            m.and([m('memberships.status', '=', 'canceled'), m('memberships.current_period_end', '>', now)]),
          ]),
        ),
    ),
    eb.exists(
      eb
        .selectFrom('complimentary_memberships')
        .select(sql.lit(1).as('one'))
        .whereRef('complimentary_memberships.subscriber_id', '=', 'subscribers.id')
        .where((c) => c.or([c('complimentary_memberships.until', 'is', null), c('complimentary_memberships.until', '>', now)])),
    ),
  ]);
}

/** Whether the subscriber ever had a membership (of any state): a lapsed member had one and is a member no more. */
const everMember = (eb: Subscribers) =>
  eb.exists(eb.selectFrom('memberships').select(sql.lit(1).as('one')).whereRef('memberships.subscriber_id', '=', 'subscribers.id').where('memberships.kind', '=', 'membership'));

/** Whether one subscriber is a member now, by the same rule the sends use. */
export async function isCurrentMember(db: Kysely<DB>, subscriberId: number, at: Date): Promise<boolean> {
  const row = await db.selectFrom('subscribers').select('id').where('id', '=', subscriberId).where((eb) => isMember(eb, at)).executeTakeFirst();
  return row !== undefined;
}

/**
 * The condition on `subscribers` for who receives an issue: the newsletter's audience first
 * (a members-only list never reaches a non-member, whatever the segment), then the issue's segment.
 */
export function recipientCondition(audience: NewsletterAudience, segment: IssueSegment, at: Date) {
  return (eb: Subscribers) => {
    const parts = [];
    if (audience === 'registered') parts.push(eb('subscribers.claimed_at', 'is not', null));
    if (audience === 'members' || segment === 'members') parts.push(isMember(eb, at));
    if (segment === 'free') parts.push(eb.not(isMember(eb, at)));
    if (segment === 'lapsed') parts.push(eb.and([everMember(eb), eb.not(isMember(eb, at))]));
    return eb.and(parts);
  };
}
