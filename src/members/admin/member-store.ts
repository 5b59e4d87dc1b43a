import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { GRACE_PERIOD_DAYS } from '../standing.js';

export type MemberStatus = 'member' | 'past_due' | 'lapsed' | 'free';
export type MemberSource = 'stripe' | 'complimentary' | 'import' | 'signup';

/** What the members list is narrowed to; every part optional. Dates are YYYY-MM-DD, inclusive. */
export interface MemberFilter {
  q?: string;
  tier?: number;
  status?: MemberStatus;
  source?: MemberSource;
  newsletter?: number;
  from?: string;
  to?: string;
}

type Eb = ExpressionBuilder<DB & { s: DB['subscribers'] }, 's'>;

const graceStartOf = (now: string) => new Date(Date.parse(now) - GRACE_PERIOD_DAYS * 86_400_000).toISOString();

/** A membership that counts at `now` (the SQL of standing.ts's isMember). */
function countingMembership(eb: Eb, now: string) {
  const graceStart = graceStartOf(now);
  return eb.exists(
    eb
      .selectFrom('memberships as m')
      .select('m.id')
      .whereRef('m.subscriber_id', '=', 's.id')
      .where((w) =>
        w.or([
          w('m.status', 'in', ['active', 'trialing']),
          w.and([w('m.status', '=', 'past_due'), w('m.past_due_since', '>', graceStart)]),
          w.and([w('m.status', '=', 'canceled'), w('m.current_period_end', '>', now)]),
        ]),
      ),
  );
}

const anyMembership = (eb: Eb) => eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.subscriber_id', '=', 's.id'));
const anyGrant = (eb: Eb) => eb.exists(eb.selectFrom('complimentary_memberships as c').select('c.subscriber_id').whereRef('c.subscriber_id', '=', 's.id'));
const currentGrant = (eb: Eb, now: string) =>
  eb.exists(
    eb
      .selectFrom('complimentary_memberships as c')
      .select('c.subscriber_id')
      .whereRef('c.subscriber_id', '=', 's.id')
      .where((w) => w.or([w('c.until', 'is', null), w('c.until', '>', now)])),
  );

/** Adds the filter's conditions to a query over `subscribers as s`. */
function narrowed<O>(query: SelectQueryBuilder<DB & { s: DB['subscribers'] }, 's', O>, f: MemberFilter, now: string) {
  let q = query;
  if (f.q) {
    const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, '')}%`;
    q = q.where((eb) => eb.or([eb('s.email', 'like', pattern), eb(eb.fn('lower', ['s.name']), 'like', pattern)]));
  }
  if (f.from) q = q.where('s.created_at', '>=', `${f.from}T00:00:00.000Z`);
  if (f.to) q = q.where('s.created_at', '<', new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 86_400_000).toISOString());
  if (f.tier !== undefined) {
    const tier = f.tier;
    q = q.where((eb) => eb.exists(eb.selectFrom('memberships as t').select('t.id').whereRef('t.subscriber_id', '=', 's.id').where('t.tier_id', '=', tier)));
  }
  if (f.newsletter !== undefined) {
    const newsletter = f.newsletter;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('subscriptions as n').select('n.subscriber_id').whereRef('n.subscriber_id', '=', 's.id').where('n.newsletter_id', '=', newsletter).where('n.status', '=', 'active')),
    );
  }
  switch (f.status) {
    case 'member':
      q = q.where((eb) => eb.or([countingMembership(eb, now), currentGrant(eb, now)]));
      break;
    case 'past_due':
      // Past due and still inside the grace period: after it the reader has lapsed.
      q = q.where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.subscriber_id', '=', 's.id').where('m.status', '=', 'past_due').where('m.past_due_since', '>', graceStartOf(now))));
      break;
    case 'lapsed':
      q = q.where((eb) => eb.and([anyMembership(eb), eb.not(countingMembership(eb, now)), eb.not(currentGrant(eb, now))]));
      break;
    case 'free':
      q = q.where((eb) => eb.and([eb.not(anyMembership(eb)), eb.not(currentGrant(eb, now))]));
      break;
  }
  switch (f.source) {
    case 'stripe':
      q = q.where((eb) => eb.or([eb('s.stripe_customer_id', 'is not', null), anyMembership(eb)]));
      break;
    case 'complimentary':
      q = q.where((eb) => anyGrant(eb));
      break;
    case 'import':
      q = q.where('s.source', '=', 'import');
      break;
    case 'signup':
      q = q.where((eb) => eb.and([eb('s.source', 'is', null), eb('s.stripe_customer_id', 'is', null), eb.not(anyMembership(eb)), eb.not(anyGrant(eb))]));
      break;
  }
  return q;
}

export interface MemberListRow {
  id: number;
  email: string;
  name: string | null;
  created_at: string;
  source: string | null;
  stripe_customer_id: string | null;
  labels: string | null;
}

const listColumns = ['s.id', 's.email', 's.name', 's.created_at', 's.source', 's.stripe_customer_id', 's.labels'] as const;

/** The SQL of the newsroom's members list, a member's page, notes and complimentary memberships. */
export function memberStore(db: Kysely<DB>) {
  return {
    /** One page, newest first; one row more than asked tells whether a next page exists. */
    async list(f: MemberFilter, now: string, limit: number, offset: number): Promise<MemberListRow[]> {
      return narrowed(db.selectFrom('subscribers as s').select([...listColumns]), f, now)
        .orderBy('s.created_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    /** A batch of the filtered list after `afterId`, in id order, for the streamed export. */
    async batch(f: MemberFilter, now: string, afterId: number, size: number): Promise<MemberListRow[]> {
      return narrowed(db.selectFrom('subscribers as s').select([...listColumns]), f, now).where('s.id', '>', afterId).orderBy('s.id').limit(size).execute();
    },

    async membershipsOf(ids: number[]) {
      if (ids.length === 0) return [];
      return db
        .selectFrom('memberships as m')
        .leftJoin('membership_tiers as t', 't.id', 'm.tier_id')
        .select(['m.subscriber_id', 'm.kind', 'm.status', 'm.interval', 'm.amount', 'm.currency', 'm.current_period_end', 'm.past_due_since', 'm.cancel_at_period_end', 'm.created_at', 't.name as tier_name'])
        .where('m.subscriber_id', 'in', ids)
        .orderBy('m.id', 'desc')
        .execute();
    },

    async grantsOf(ids: number[]) {
      if (ids.length === 0) return [];
      return db.selectFrom('complimentary_memberships').selectAll().where('subscriber_id', 'in', ids).execute();
    },

    async newslettersOf(ids: number[]) {
      if (ids.length === 0) return [];
      return db
        .selectFrom('subscriptions as n')
        .innerJoin('newsletters as l', 'l.id', 'n.newsletter_id')
        .select(['n.subscriber_id', 'l.name', 'n.status', 'n.confirmed_at'])
        .where('n.subscriber_id', 'in', ids)
        .orderBy('l.position')
        .execute();
    },

    async reader(id: number) {
      return db.selectFrom('subscribers as s').select([...listColumns, 's.claimed_at', 's.last_sign_in_at']).where('s.id', '=', id).executeTakeFirst();
    },

    async payments(id: number) {
      return db.selectFrom('member_payments').select(['id', 'kind', 'amount', 'amount_refunded', 'currency', 'paid_at']).where('subscriber_id', '=', id).orderBy('paid_at', 'desc').execute();
    },

    async notes(id: number) {
      return db.selectFrom('member_notes').select(['id', 'author_name', 'body', 'created_at']).where('subscriber_id', '=', id).orderBy('id', 'desc').execute();
    },

    /** When sign-in links were sent and used: never the token. */
    async signInLinks(id: number) {
      return db.selectFrom('reader_sign_in_links').select(['id', 'created_at', 'expires_at', 'used_at']).where('subscriber_id', '=', id).orderBy('id', 'desc').limit(20).execute();
    },

    async addNote(id: number, authorName: string, body: string, at: string): Promise<void> {
      await db.insertInto('member_notes').values({ subscriber_id: id, author_name: authorName, body, created_at: at }).execute();
    },

    async grant(id: number, until: string | null, grantedBy: string, at: string): Promise<void> {
      await db
        .insertInto('complimentary_memberships')
        .values({ subscriber_id: id, until, granted_by: grantedBy, created_at: at })
        .onConflict((oc) => oc.column('subscriber_id').doUpdateSet({ until, granted_by: grantedBy, created_at: at }))
        .execute();
    },

    async removeGrant(id: number): Promise<number> {
      return Number((await db.deleteFrom('complimentary_memberships').where('subscriber_id', '=', id).executeTakeFirst()).numDeletedRows);
    },

    async tiers() {
      return db.selectFrom('membership_tiers').select(['id', 'name']).orderBy('position').orderBy('id').execute();
    },

    async newsletters() {
      return db.selectFrom('newsletters').select(['id', 'name', 'marketing']).orderBy('position').orderBy('id').execute();
    },

    /** Every membership's dates and amounts, for the revenue page (one row per Stripe subscription). */
    async membershipHistory() {
      return db.selectFrom('memberships').select(['kind', 'status', 'interval', 'amount', 'currency', 'created_at', 'current_period_end', 'updated_at']).execute();
    },

    /** Payments since `from` with whether they were a donation (one-off, or a recurring donation's invoice). */
    async paymentsSince(from: string) {
      return db
        .selectFrom('member_payments as p')
        .leftJoin('memberships as m', 'm.stripe_subscription_id', 'p.stripe_subscription_id')
        .select(['p.kind', 'p.amount', 'p.amount_refunded', 'p.currency', 'p.paid_at', 'm.kind as membership_kind'])
        .where('p.paid_at', '>=', from)
        .execute();
    },
  };
}

export type MemberStore = ReturnType<typeof memberStore>;
