import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { DeliveryStatus } from '../db/tables/newsletters.js';

/** The queries /readyz and /metrics make at each call: each reads an index or a handful of rows. */
export function healthStore(db: Kysely<DB>) {
  return {
    /** Any answer at all: the database is reachable. */
    async ping(): Promise<void> {
      await sql`SELECT 1`.execute(db);
    },

    /** The migrations this database has run (Kysely's own table). */
    async appliedMigrations(): Promise<string[]> {
      const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
      return rows.map((r) => r.name);
    },

    /**
     * Deliveries of the issues being sent now, by state: what an operator watches during a send,
     * counted along the (issue, status) index instead of across every delivery ever made.
     */
    async sendingDeliveries(): Promise<Array<{ status: DeliveryStatus; count: number }>> {
      const rows = await db
        .selectFrom('deliveries')
        .innerJoin('newsletter_issues', 'newsletter_issues.id', 'deliveries.issue_id')
        .where('newsletter_issues.status', '=', 'sending')
        .groupBy('deliveries.status')
        .select(['deliveries.status', (eb) => eb.fn.countAll<number>().as('count')])
        .execute();
      return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
    },
  };
}

export type HealthStore = ReturnType<typeof healthStore>;
