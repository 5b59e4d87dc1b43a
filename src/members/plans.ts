import type { Kysely } from 'kysely';
import { authorize } from '../accounts/policy.js';
import type { Actor } from '../content/article-policy.js';
import type { ContentEvents } from '../content/events.js';
import type { DB } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { parseDonations, parseTier, type DonationForm, type TierForm } from './plan-input.js';
import { planStore, type DonationRow, type TierRow } from './plan-store.js';

/** What /support offers: the tiers and the donation amounts, in the currencies the newsroom set. */
export interface Plans {
  tiers: TierRow[];
  donations: DonationRow[];
}

/** The currencies /support can take, the first being its default. */
export function currenciesOf(plans: Plans): string[] {
  const seen = new Set<string>();
  for (const d of plans.donations) seen.add(d.currency);
  for (const t of plans.tiers) for (const p of t.prices) seen.add(p.currency);
  return [...seen];
}

/** Membership tiers and donation amounts, edited by editors and admins; readers see them on /support. */
export function planService(db: Kysely<DB>, events: ContentEvents) {
  const store = planStore(db);
  // /support shows the plans, and every reader page links to it: drop the cached pages.
  const changed = () => events.emit({ entity: 'settings', id: 0 });

  return {
    /** The plans as readers see them. */
    async current(): Promise<Plans> {
      const [tiers, donations] = await Promise.all([store.tiers(), store.donations()]);
      return { tiers, donations };
    },

    async editable(actor: Actor): Promise<Plans> {
      authorize(actor, 'plans.manage');
      return this.current();
    },

    async tier(actor: Actor, id: number): Promise<TierRow> {
      authorize(actor, 'plans.manage');
      const tier = await store.tier(id);
      if (!tier) throw new NotFoundError('No such membership tier');
      return tier;
    },

    async addTier(actor: Actor, form: TierForm, at = new Date().toISOString()): Promise<number> {
      authorize(actor, 'plans.manage');
      const id = await store.insertTier(parseTier(form), at);
      changed();
      return id;
    },

    async saveTier(actor: Actor, id: number, form: TierForm, at = new Date().toISOString()): Promise<void> {
      authorize(actor, 'plans.manage');
      if (!(await store.updateTier(id, parseTier(form), at))) throw new NotFoundError('No such membership tier');
      changed();
    },

    /** Existing members keep paying what they chose at Stripe; the tier just stops being offered. */
    async removeTier(actor: Actor, id: number): Promise<void> {
      authorize(actor, 'plans.manage');
      if (!(await store.deleteTier(id))) throw new NotFoundError('No such membership tier');
      changed();
    },

    async saveDonations(actor: Actor, form: DonationForm): Promise<void> {
      authorize(actor, 'plans.manage');
      await store.replaceDonations(parseDonations(form));
      changed();
    },
  };
}

export type PlanService = ReturnType<typeof planService>;
