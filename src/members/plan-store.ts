import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';

export interface TierRow {
  id: number;
  name: string;
  benefits: string[];
  prices: TierPrice[];
  position: number;
}

/** A tier's price in one currency, in minor units. */
export interface TierPrice {
  currency: string;
  monthly: number;
  annual: number;
}

export interface DonationRow {
  currency: string;
  oneOff: number[];
  monthly: number[];
}

const parseList = <T>(text: string): T[] => {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
};

/** The newsroom's plans: membership tiers and suggested donation amounts. */
export function planStore(db: Kysely<DB>) {
  return {
    async tiers(): Promise<TierRow[]> {
      const rows = await db.selectFrom('membership_tiers').selectAll().orderBy('position').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, benefits: parseList<string>(r.benefits), prices: parseList<TierPrice>(r.prices), position: r.position }));
    },

    async tier(id: number): Promise<TierRow | undefined> {
      return (await this.tiers()).find((t) => t.id === id);
    },

    async insertTier(tier: Omit<TierRow, 'id'>, at: string): Promise<number> {
      const row = await db
        .insertInto('membership_tiers')
        .values({ name: tier.name, benefits: JSON.stringify(tier.benefits), prices: JSON.stringify(tier.prices), position: tier.position, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateTier(id: number, tier: Omit<TierRow, 'id'>, at: string): Promise<boolean> {
      const result = await db
        .updateTable('membership_tiers')
        .set({ name: tier.name, benefits: JSON.stringify(tier.benefits), prices: JSON.stringify(tier.prices), position: tier.position, updated_at: at })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async deleteTier(id: number): Promise<boolean> {
      const result = await db.deleteFrom('membership_tiers').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async donations(): Promise<DonationRow[]> {
      const rows = await db.selectFrom('donation_amounts').selectAll().orderBy('position').execute();
      return rows.map((r) => ({ currency: r.currency, oneOff: parseList<number>(r.one_off), monthly: parseList<number>(r.monthly) }));
    },

    /** Replaces every currency's amounts at once: the form edits them together. */
    async replaceDonations(rows: DonationRow[]): Promise<void> {
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('donation_amounts').execute();
        if (rows.length === 0) return;
        await trx
          .insertInto('donation_amounts')
          .values(rows.map((r, position) => ({ currency: r.currency, one_off: JSON.stringify(r.oneOff), monthly: JSON.stringify(r.monthly), position })))
          .execute();
      });
    },
  };
}
