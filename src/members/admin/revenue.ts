/** One month of the revenue page, amounts in minor units of the page's currency. */
export interface RevenueMonth {
  /** YYYY-MM. */
  month: string;
  members: number;
  mrr: number;
  joined: number;
  churned: number;
  donations: number;
}

interface MembershipFacts {
  kind: string;
  status: string;
  interval: string | null;
  amount: number | null;
  currency: string | null;
  created_at: string;
  current_period_end: string | null;
  updated_at: string;
}

interface PaymentFacts {
  kind: string;
  amount: number;
  amount_refunded: number;
  currency: string;
  paid_at: string;
  membership_kind: string | null;
}

/** The twelve months ending with the one `now` is in, oldest first, as YYYY-MM. */
export function lastTwelveMonths(now: Date): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1));
    return d.toISOString().slice(0, 7);
  });
}

const monthEnd = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString();

/** When a membership stopped counting, if it has: a cancelled one at its period's end. */
const endedAt = (m: MembershipFacts) => (m.status === 'canceled' || m.status === 'incomplete_expired' || m.status === 'unpaid' ? (m.current_period_end ?? m.updated_at) : null);

/** The most used currency among memberships and payments: the page shows that one. */
export function mainCurrency(memberships: MembershipFacts[], payments: PaymentFacts[]): string {
  const counts = new Map<string, number>();
  for (const c of [...memberships.map((m) => m.currency), ...payments.map((p) => p.currency)]) if (c) counts.set(c.toUpperCase(), (counts.get(c.toUpperCase()) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'GBP';
}

/**
 * Members and monthly recurring revenue at each month's end, memberships begun and ended in
 * each month, and donations received (one-off gifts and recurring donations' payments, less
 * refunds). Only paid memberships count: recurring donations are donations. MRR counts an
 * annual price as a twelfth a month.
 */
export function revenueByMonth(memberships: MembershipFacts[], payments: PaymentFacts[], now: Date, currency: string): RevenueMonth[] {
  const members = memberships.filter((m) => m.kind === 'membership');
  return lastTwelveMonths(now).map((month) => {
    const end = monthEnd(month);
    const counting = members.filter((m) => m.created_at < end && (endedAt(m) ?? '9999') >= end);
    const mrr = counting
      .filter((m) => m.currency?.toUpperCase() === currency && m.amount !== null)
      .reduce((sum, m) => sum + (m.interval === 'year' ? Math.round(m.amount! / 12) : m.amount!), 0);
    const donations = payments
      .filter((p) => p.paid_at.startsWith(month) && p.currency.toUpperCase() === currency && (p.kind === 'one_off' || p.membership_kind === 'donation'))
      .reduce((sum, p) => sum + p.amount - p.amount_refunded, 0);
    return {
      month,
      members: counting.length,
      mrr,
      joined: members.filter((m) => m.created_at.startsWith(month)).length,
      churned: members.filter((m) => endedAt(m)?.startsWith(month) && endedAt(m)! <= now.toISOString()).length,
      donations,
    };
  });
}
