import type { Kysely } from 'kysely';
import { authorize } from '../../accounts/policy.js';
import type { Actor } from '../../content/article-policy.js';
import type { DB } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { MembershipService } from '../memberships.js';
import { isMember } from '../standing.js';
import { readGhostMembers, type SkippedLine } from './ghost-members-csv.js';
import { memberImportStore } from './member-import-store.js';
import { memberStore, type MemberFilter, type MemberListRow, type MemberSource, type MemberStatus } from './member-store.js';
import { mainCurrency, revenueByMonth } from './revenue.js';

/** A newsroom user acting on members: notes carry their name. */
export type Staff = Actor & { name: string };

export const PAGE_SIZE = 50;
const EXPORT_BATCH = 1000;
const statuses: MemberStatus[] = ['member', 'past_due', 'lapsed', 'free'];
const sources: MemberSource[] = ['stripe', 'complimentary', 'import', 'signup'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A members list row with what it shows: status, plan and where the reader came from. */
export interface MemberSummary extends MemberListRow {
  status: MemberStatus;
  plan: string | null;
  origin: MemberSource;
}

export interface ImportSummary {
  created: number;
  updated: number;
  skipped: SkippedLine[];
}

/**
 * The members list's filter from a query string. An unknown status or source, or a date that is
 * not YYYY-MM-DD, is refused with the field named, so a mistyped link never shows the wrong list.
 */
export function memberFilterFrom(query: Record<string, string | undefined>): MemberFilter {
  const issues: Array<{ path: string; message: string }> = [];
  const f: MemberFilter = {};
  const q = query.q?.trim();
  if (q) f.q = q.slice(0, 200);
  const id = (key: 'tier' | 'newsletter') => {
    const v = query[key]?.trim();
    if (!v) return;
    if (/^\d+$/.test(v)) f[key] = Number(v);
    else issues.push({ path: key, message: 'must be one of the listed choices' });
  };
  id('tier');
  id('newsletter');
  if (query.status) {
    if (statuses.includes(query.status as MemberStatus)) f.status = query.status as MemberStatus;
    else issues.push({ path: 'status', message: `must be one of ${statuses.join(', ')}` });
  }
  if (query.source) {
    if (sources.includes(query.source as MemberSource)) f.source = query.source as MemberSource;
    else issues.push({ path: 'source', message: `must be one of ${sources.join(', ')}` });
  }
  for (const key of ['from', 'to'] as const) {
    const v = query[key]?.trim();
    if (!v) continue;
    if (DATE.test(v) && !Number.isNaN(Date.parse(v))) f[key] = v;
    else issues.push({ path: key, message: 'must be a date (YYYY-MM-DD)' });
  }
  if (issues.length) throw new ValidationError('The filter has a problem', issues);
  return f;
}

/**
 * The newsroom's side of members: the list with its filters and export, a member's page, notes,
 * complimentary memberships, Ghost's members import and the revenue figures. Editors and admins
 * only: every method checks.
 */
export function memberAdminService(db: Kysely<DB>, deps: { memberships: Pick<MembershipService, 'forget'> }) {
  const store = memberStore(db);
  const may = (user: Actor) => authorize(user, 'members.manage');

  /** Status, plan and origin for a page of rows, from two queries for the whole page. */
  async function summarise(rows: MemberListRow[], at: Date): Promise<MemberSummary[]> {
    const ids = rows.map((r) => r.id);
    const [memberships, grants] = await Promise.all([store.membershipsOf(ids), store.grantsOf(ids)]);
    return rows.map((row) => {
      const own = memberships.filter((m) => m.subscriber_id === row.id);
      const grant = grants.find((g) => g.subscriber_id === row.id);
      const counting = own.find((m) => isMember(m, at));
      const granted = grant && (grant.until === null || grant.until > at.toISOString());
      const status: MemberStatus = own.some((m) => m.status === 'past_due' && isMember(m, at)) ? 'past_due' : counting || granted ? 'member' : own.length ? 'lapsed' : 'free';
      const plan = counting ? (counting.tier_name ?? (counting.kind === 'donation' ? 'Recurring donation' : 'Membership')) : granted ? 'Complimentary' : null;
      const origin: MemberSource = row.stripe_customer_id || own.length ? 'stripe' : grant ? 'complimentary' : row.source === 'import' ? 'import' : 'signup';
      return { ...row, status, plan, origin };
    });
  }

  async function reader(id: number) {
    const row = await store.reader(id);
    if (!row) throw new NotFoundError('No such reader');
    return row;
  }

  return {
    /** One page of the filtered list, newest signups first. */
    async list(user: Actor, filter: MemberFilter, page: number, at = new Date()) {
      may(user);
      const rows = await store.list(filter, at.toISOString(), PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
      return { members: await summarise(rows.slice(0, PAGE_SIZE), at), hasNext: rows.length > PAGE_SIZE };
    },

    /** The filtered list in batches, for a streamed CSV: memory stays flat at any size. Refuses at once, before any row. */
    exportRows(user: Actor, filter: MemberFilter, at = new Date()): AsyncGenerator<MemberSummary[]> {
      may(user);
      return (async function* () {
        let after = 0;
        for (;;) {
          const rows = await store.batch(filter, at.toISOString(), after, EXPORT_BATCH);
          if (rows.length === 0) return;
          yield await summarise(rows, at);
          after = rows[rows.length - 1]!.id;
        }
      })();
    },

    /** The filters' choices: tiers and newsletters. */
    async choices(user: Actor) {
      may(user);
      const [tiers, newsletters] = await Promise.all([store.tiers(), store.newsletters()]);
      return { tiers, newsletters };
    },

    /** Everything a member's page shows. */
    async member(user: Actor, id: number, at = new Date()) {
      may(user);
      const row = await reader(id);
      const [summary] = await summarise([row], at);
      const [memberships, grants, newsletters, payments, notes, signInLinks] = await Promise.all([
        store.membershipsOf([id]),
        store.grantsOf([id]),
        store.newslettersOf([id]),
        store.payments(id),
        store.notes(id),
        store.signInLinks(id),
      ]);
      return { reader: { ...row, ...summary! }, memberships, grant: grants[0] ?? null, newsletters, payments, notes, signInLinks };
    },

    async addNote(user: Staff, id: number, body: string): Promise<void> {
      may(user);
      const text = body.trim();
      if (!text) throw new ValidationError('The note is empty', [{ path: 'body', message: 'is required' }]);
      if (text.length > 5000) throw new ValidationError('The note is too long', [{ path: 'body', message: 'must be at most 5,000 characters' }]);
      await reader(id);
      await store.addNote(id, user.name, text, new Date().toISOString());
    },

    /**
     * Gives a complimentary membership, open-ended or until the end of `until` (YYYY-MM-DD, in UTC);
     * the reader is a member at once, on every page.
     */
    async grant(user: Staff, id: number, until: string, at = new Date()): Promise<void> {
      may(user);
      const date = until.trim();
      let end: string | null = null;
      if (date) {
        if (!DATE.test(date) || Number.isNaN(Date.parse(date))) throw new ValidationError('The end date has a problem', [{ path: 'until', message: 'must be a date (YYYY-MM-DD) or empty' }]);
        end = new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString();
        if (end <= at.toISOString()) throw new ValidationError('The end date has a problem', [{ path: 'until', message: 'must be today or later' }]);
      }
      await reader(id);
      await store.grant(id, end, user.name, at.toISOString());
      deps.memberships.forget(id);
    },

    async removeGrant(user: Actor, id: number): Promise<void> {
      may(user);
      if ((await store.removeGrant(id)) === 0) throw new ConflictError('This reader has no complimentary membership');
      deps.memberships.forget(id);
    },

    /**
     * Imports Ghost's members CSV: one person, one record (matched by lower-cased email). All the
     * good lines go in one transaction, so a failure part-way leaves nothing; lines that cannot be
     * members are skipped and named. subscribed_to_emails=true confirms the reader to every
     * newsletter that is not a marketing list.
     */
    async importGhost(user: Staff, text: string, at = new Date()): Promise<ImportSummary> {
      may(user);
      const { members, skipped } = readGhostMembers(text);
      const now = at.toISOString();
      const summary: ImportSummary = { created: 0, updated: 0, skipped: [...skipped] };
      const touched: number[] = [];
      await inTransaction(db, async (trx) => {
        const s = memberImportStore(trx);
        const defaults = await s.defaultNewsletters();
        for (const m of members) {
          const existing = await s.readerByEmail(m.email);
          const owner = m.stripeCustomerId ? await s.customerOwner(m.stripeCustomerId) : undefined;
          if (owner !== undefined && owner !== existing?.id) {
            summary.skipped.push({ line: m.line, reason: `stripe_customer_id ${m.stripeCustomerId} belongs to another reader` });
            continue;
          }
          if (existing?.stripe_customer_id && m.stripeCustomerId && existing.stripe_customer_id !== m.stripeCustomerId) {
            summary.skipped.push({ line: m.line, reason: `${m.email} already has Stripe customer ${existing.stripe_customer_id}` });
            continue;
          }
          let id: number;
          if (existing) {
            const labels = [...new Set([...(existing.labels ? (JSON.parse(existing.labels) as string[]) : []), ...m.labels])];
            await s.updateReader(existing.id, {
              ...(m.name && !existing.name ? { name: m.name } : {}),
              ...(m.labels.length ? { labels: JSON.stringify(labels) } : {}),
              ...(m.stripeCustomerId && !existing.stripe_customer_id ? { stripe_customer_id: m.stripeCustomerId } : {}),
            });
            id = existing.id;
            summary.updated++;
          } else {
            id = await s.insertReader({
              email: m.email,
              name: m.name,
              labels: m.labels.length ? JSON.stringify(m.labels) : null,
              stripe_customer_id: m.stripeCustomerId,
              created_at: m.createdAt ?? now,
            });
            summary.created++;
          }
          if (m.subscribed) for (const newsletter of defaults) await s.subscribe(id, newsletter, now);
          if (m.complimentary) await s.grantOpenEnded(id, `${user.name} (Ghost import)`, now);
          if (m.note) await s.addNote(id, `${user.name} (Ghost import)`, m.note, now);
          touched.push(id);
        }
      });
      for (const id of touched) deps.memberships.forget(id);
      summary.skipped.sort((a, b) => a.line - b.line);
      return summary;
    },

    /** The revenue page's twelve months, in the currency most memberships and payments use. */
    async revenue(user: Actor, at = new Date()) {
      may(user);
      const from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 11, 1)).toISOString();
      const [memberships, payments] = await Promise.all([store.membershipHistory(), store.paymentsSince(from)]);
      const currency = mainCurrency(memberships, payments);
      return { currency, months: revenueByMonth(memberships, payments, at, currency) };
    },
  };
}

export type MemberAdminService = ReturnType<typeof memberAdminService>;
