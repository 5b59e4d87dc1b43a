import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** SQL for newsletter link clicks: one counting row per link of an issue. */
export function clickStore(db: Kysely<DB>) {
  return {
    /** Adds clicks (by issue, then link) to their links' rows, making those missing, in one transaction. */
    async addAll(clicks: Map<number, Map<string, number>>): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [issueId, links] of clicks) {
          for (const [url, added] of links) {
            await trx
              .insertInto('newsletter_link_clicks')
              .values({ issue_id: issueId, url, clicks: added })
              .onConflict((oc) => oc.columns(['issue_id', 'url']).doUpdateSet({ clicks: (eb) => eb('newsletter_link_clicks.clicks', '+', eb.ref('excluded.clicks')) }))
              .execute();
          }
        }
      });
    },

    /** The issue's clicked links, most clicked first. */
    ofIssue: (issueId: number) =>
      db.selectFrom('newsletter_link_clicks').select(['url', 'clicks']).where('issue_id', '=', issueId).orderBy('clicks', 'desc').orderBy('url').execute(),
  };
}
