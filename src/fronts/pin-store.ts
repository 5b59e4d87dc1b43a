import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** A pin as the store holds it. */
export interface StoredPin {
  slot: number;
  articleId: number;
  expiresAt: string | null;
}

/** The pins of `front` readers may see at `at`, to select from. */
export const activePinsQuery = (db: Kysely<DB>, front: string, at: string) =>
  db
    .selectFrom('front_pins')
    .where('front_pins.front', '=', front)
    .where((eb) => eb.or([eb('front_pins.expires_at', 'is', null), eb('front_pins.expires_at', '>', at)]));

/** The `front_pins` table (migration 019). `front` is a key from `frontKey`. */
export function pinStore(db: Kysely<DB>) {
  const toPin = (r: { slot: number; article_id: number; expires_at: string | null }): StoredPin => ({ slot: r.slot, articleId: r.article_id, expiresAt: r.expires_at });

  return {
    /** The pins readers may see at `at`, by slot: one index range on (front, slot). */
    async active(front: string, at: string): Promise<StoredPin[]> {
      const rows = await activePinsQuery(db, front, at).select(['slot', 'article_id', 'expires_at']).orderBy('slot').execute();
      return rows.map(toPin);
    },

    /** Every pin of a front, expired or not, by slot. */
    async all(front: string): Promise<StoredPin[]> {
      const rows = await db.selectFrom('front_pins').select(['slot', 'article_id', 'expires_at']).where('front', '=', front).orderBy('slot').execute();
      return rows.map(toPin);
    },

    /** Puts the article in `slot`, replacing that slot's pin and moving the article from any other slot of the front. */
    async pin(front: string, pin: StoredPin & { pinnedBy: number | null; pinnedAt: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('front_pins')
          .where('front', '=', front)
          .where((eb) => eb.or([eb('slot', '=', pin.slot), eb('article_id', '=', pin.articleId)]))
          .execute();
        await trx
          .insertInto('front_pins')
          .values({ front, slot: pin.slot, article_id: pin.articleId, expires_at: pin.expiresAt, pinned_by: pin.pinnedBy, pinned_at: pin.pinnedAt })
          .execute();
      });
    },

    /** Moves the pin in `from` to `to`; a pin already in `to` takes `from`. False when `from` holds none. */
    async move(front: string, from: number, to: number): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const moving = await trx.selectFrom('front_pins').select('id').where('front', '=', front).where('slot', '=', from).executeTakeFirst();
        if (!moving) return false;
        // Slot 0 is never a real slot: it parks the moving pin while the other takes its place.
        await trx.updateTable('front_pins').set({ slot: 0 }).where('id', '=', moving.id).execute();
        await trx.updateTable('front_pins').set({ slot: from }).where('front', '=', front).where('slot', '=', to).execute();
        await trx.updateTable('front_pins').set({ slot: to }).where('id', '=', moving.id).execute();
        return true;
      });
    },

    /** Removes the pin in `slot`; false when there was none. */
    async remove(front: string, slot: number): Promise<boolean> {
      const result = await db.deleteFrom('front_pins').where('front', '=', front).where('slot', '=', slot).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Deletes the pins whose time is up at `at` and returns the fronts they were on, once each. */
    async deleteExpired(at: string): Promise<string[]> {
      const rows = await db.deleteFrom('front_pins').where('expires_at', '<=', at).returning('front').execute();
      return [...new Set(rows.map((r) => r.front))];
    },
  };
}

export type PinStore = ReturnType<typeof pinStore>;
