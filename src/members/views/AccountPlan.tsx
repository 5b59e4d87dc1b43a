import type { FC } from 'hono/jsx';

/** What the account page says about a reader's membership; filled in by payments. */
export interface MemberPlanSummary {
  name: string;
  renewsAt?: string | null;
}

export interface AccountPlanProps {
  readerId: number;
  plan: MemberPlanSummary | null;
  csrfToken: string;
}

/** The plan section of /account. A first version: every reader is a free reader until payments fill it in. */
export const AccountPlan: FC<AccountPlanProps> = ({ plan }) => (
  <section class="account-section" aria-labelledby="account-plan">
    <h2 id="account-plan">Your plan</h2>
    <p>{plan ? plan.name : 'Free reader'}</p>
    {!plan && (
      <p>
        <a href="/support">Support our journalism</a>
      </p>
    )}
  </section>
);
