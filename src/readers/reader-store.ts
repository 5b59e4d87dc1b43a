import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** SQL for reader accounts: the reader's row in `subscribers`, sign-in links and reader sessions. */
export function readerStore(db: Kysely<DB>) {
  return {
    /** The reader's id for an address, adding a row for a new one (one person, one record); `created` when it did. */
    async upsertReader(email: string, at: string): Promise<{ id: number; created: boolean }> {
      const inserted = await db.insertInto('subscribers').values({ email, created_at: at }).onConflict((oc) => oc.column('email').doNothing()).executeTakeFirst();
      const { id } = await db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      return { id, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
    },

    reader: (id: number) =>
      db.selectFrom('subscribers').select(['id', 'email', 'name', 'created_at', 'claimed_at', 'last_sign_in_at']).where('id', '=', id).executeTakeFirst(),

    /** Every column of the reader's row, whoever added them: what a data download gives back. */
    readerRow: (id: number) => db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst(),

    rename: (id: number, name: string | null) => db.updateTable('subscribers').set({ name }).where('id', '=', id).execute(),

    addLink: (subscriberId: number, tokenHash: string, expiresAt: string, at: string) =>
      db.insertInto('reader_sign_in_links').values({ subscriber_id: subscriberId, token_hash: tokenHash, expires_at: expiresAt, used_at: null, created_at: at }).execute(),

    /** The address a live, unused link signs in; nothing changes. */
    peekLink: (tokenHash: string, at: string) =>
      db
        .selectFrom('reader_sign_in_links')
        .innerJoin('subscribers', 'subscribers.id', 'reader_sign_in_links.subscriber_id')
        .select(['subscribers.id', 'subscribers.email'])
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst(),

    /** Spends a live link: one conditional update, so of two racing requests only one gets the reader. */
    async spendLink(tokenHash: string, at: string): Promise<number | undefined> {
      const row = await db
        .updateTable('reader_sign_in_links')
        .set({ used_at: at })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .returning('subscriber_id')
        .executeTakeFirst();
      return row?.subscriber_id;
    },

    /** Marks the row as an account the first time, and every sign-in. */
    markSignedIn: (id: number, at: string) =>
      db
        .updateTable('subscribers')
        .set((eb) => ({ claimed_at: eb.fn.coalesce('claimed_at', eb.val(at)), last_sign_in_at: at }))
        .where('id', '=', id)
        .execute(),

    addSession: (row: { subscriber_id: number; token_hash: string; csrf_token: string; created_at: string; expires_at: string }) =>
      db.insertInto('reader_sessions').values(row).execute(),

    liveSession: (tokenHash: string, at: string) =>
      db
        .selectFrom('reader_sessions')
        .innerJoin('subscribers', 'subscribers.id', 'reader_sessions.subscriber_id')
        .select(['reader_sessions.id as sessionId', 'reader_sessions.csrf_token as csrfToken', 'subscribers.id as readerId', 'subscribers.email'])
        .where('reader_sessions.token_hash', '=', tokenHash)
        .where('reader_sessions.expires_at', '>', at)
        .executeTakeFirst(),

    endSession: (tokenHash: string) => db.deleteFrom('reader_sessions').where('token_hash', '=', tokenHash).execute(),

    subscriptionsOf: (id: number) =>
      db
        .selectFrom('subscriptions')
        .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
        .select(['newsletters.slug', 'newsletters.name', 'subscriptions.status', 'subscriptions.requested_at', 'subscriptions.confirmed_at', 'subscriptions.unsubscribed_at'])
        .where('subscriber_id', '=', id)
        .orderBy('newsletters.position')
        .execute(),

    sessionsOf: (id: number) => db.selectFrom('reader_sessions').select(['created_at', 'expires_at']).where('subscriber_id', '=', id).orderBy('id').execute(),

    linksOf: (id: number) => db.selectFrom('reader_sign_in_links').select(['created_at', 'expires_at', 'used_at']).where('subscriber_id', '=', id).orderBy('id').execute(),

    /**
     * Removes the reader: sessions, links, subscriptions, queued mail and the row itself.
     * Deliveries go with the row (ON DELETE CASCADE); payments stay, their reader set null.
     */
    async deleteReader(id: number): Promise<void> {
      await db.deleteFrom('reader_sessions').where('subscriber_id', '=', id).execute();
      await db.deleteFrom('reader_sign_in_links').where('subscriber_id', '=', id).execute();
      await db.deleteFrom('subscriptions').where('subscriber_id', '=', id).execute();
      await db.deleteFrom('mail_outbox').where('subscriber_id', '=', id).execute();
      await db.deleteFrom('subscribers').where('id', '=', id).execute();
    },
  };
}
