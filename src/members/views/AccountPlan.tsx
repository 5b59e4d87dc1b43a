import type { FC } from 'hono/jsx';
import { formatDate } from '../../reader-ui/format.js';
import type { MemberPlanSummary } from '../memberships.js';
import { formatMoney } from '../money.js';

export type { MemberPlanSummary };

export interface AccountPlanProps {
  readerId: number;
  plan: MemberPlanSummary | null;
  csrfToken: string;
  /** Dates read in the site's zone; London when not given. */
  timeZone?: string;
}

const planName = (plan: MemberPlanSummary) =>
  plan.kind === 'donation' ? 'Regular gift' : plan.kind === 'complimentary' ? 'Complimentary membership' : plan.tierName ? `${plan.tierName} membership` : 'Membership';
const priceOf = (plan: MemberPlanSummary) =>
  plan.amount !== null && plan.currency ? `${formatMoney(plan.amount, plan.currency)} ${plan.interval === 'year' ? 'a year' : 'a month'}` : '';

/** What the plan's state means for the reader, in a sentence with its date. */
function standingLine(plan: MemberPlanSummary, timeZone: string): string {
  const on = (iso: string | null) => (iso ? formatDate(iso, timeZone) : '');
  switch (plan.status) {
    case 'active':
      if (plan.kind === 'complimentary') return plan.periodEnd ? `With our compliments until ${on(plan.periodEnd)}.` : 'With our compliments.';
      return plan.periodEnd ? `Renews on ${on(plan.periodEnd)}.` : 'Active.';
    case 'ending':
      return plan.periodEnd ? `Cancelled: yours until ${on(plan.periodEnd)}.` : 'Cancelled.';
    case 'past_due':
      return `Your last payment did not go through. Please update your card before ${on(plan.graceEndsAt)} to keep your membership.`;
    case 'ended':
      return 'Ended.';
  }
}

/** The plan section of /account: the plan, its renewal or end date, and the way to Stripe's Customer Portal. */
export const AccountPlan: FC<AccountPlanProps> = ({ plan, csrfToken, timeZone = 'Europe/London' }) => (
  <section class="account-section account-plan" aria-labelledby="account-plan">
    <h2 id="account-plan">Your plan</h2>
    {plan && plan.status !== 'ended' ? (
      <>
        <p class="account-plan-name">
          {planName(plan)}
          {priceOf(plan) && <span class="account-plan-price"> · {priceOf(plan)}</span>}
        </p>
        <p>{standingLine(plan, timeZone)}</p>
      </>
    ) : (
      <>
        <p class="account-plan-name">Free reader</p>
        <p>
          <a href="/support">{plan ? 'Become a member again' : 'Become a member or give once'}</a>
        </p>
      </>
    )}
    {plan?.canManage && (
      <form method="post" action="/account/billing">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit">Manage payment or cancel</button>
      </form>
    )}
  </section>
);
