import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The SQL of a members import; `db` is the import's transaction. */
export function memberImportStore(db: Kysely<DB>) {
  return {
    async readerByEmail(email: string) {
      return db.selectFrom('subscribers').select(['id', 'name', 'labels', 'stripe_customer_id']).where('email', '=', email).executeTakeFirst();
    },

    async customerOwner(customerId: string): Promise<number | undefined> {
      return (await db.selectFrom('subscribers').select('id').where('stripe_customer_id', '=', customerId).executeTakeFirst())?.id;
    },

    /** Newsletters an imported subscriber to emails receives: every list that is not a marketing list. */
    async defaultNewsletters(): Promise<number[]> {
      return (await db.selectFrom('newsletters').select('id').where('marketing', '=', 0).execute()).map((n) => n.id);
    },

    async insertReader(values: { email: string; name: string | null; labels: string | null; stripe_customer_id: string | null; created_at: string }): Promise<number> {
      return (await db.insertInto('subscribers').values({ ...values, source: 'import' }).returning('id').executeTakeFirstOrThrow()).id;
    },

    async updateReader(id: number, changes: { name?: string; labels?: string; stripe_customer_id?: string }): Promise<void> {
      if (Object.keys(changes).length > 0) await db.updateTable('subscribers').set(changes).where('id', '=', id).execute();
    },

    /** Confirms a subscription, leaving alone one the reader already has (an unsubscribe stands). */
    async subscribe(readerId: number, newsletterId: number, at: string): Promise<void> {
      await db
        .insertInto('subscriptions')
        .values({ subscriber_id: readerId, newsletter_id: newsletterId, status: 'active', requested_at: at, confirmed_at: at, unsubscribed_at: null })
        .onConflict((oc) => oc.columns(['subscriber_id', 'newsletter_id']).doNothing())
        .execute();
    },

    async grantOpenEnded(readerId: number, grantedBy: string, at: string): Promise<void> {
      await db
        .insertInto('complimentary_memberships')
        .values({ subscriber_id: readerId, until: null, granted_by: grantedBy, created_at: at })
        .onConflict((oc) => oc.column('subscriber_id').doNothing())
        .execute();
    },

    async addNote(readerId: number, authorName: string, body: string, at: string): Promise<void> {
      await db.insertInto('member_notes').values({ subscriber_id: readerId, author_name: authorName, body, created_at: at }).execute();
    },
  };
}
