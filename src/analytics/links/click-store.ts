import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** SQL for newsletter link clicks: one counting row per link of an issue. */
export function clickStore(db: Kysely<DB>) {
  return {
    /** Adds one click to the link's row, making it on the first. */
    async add(issueId: number, url: string): Promise<void> {
      await db
        .insertInto('newsletter_link_clicks')
        .values({ issue_id: issueId, url, clicks: 1 })
        .onConflict((oc) => oc.columns(['issue_id', 'url']).doUpdateSet({ clicks: (eb) => eb('newsletter_link_clicks.clicks', '+', 1) }))
        .execute();
    },

    /** The issue's clicked links, most clicked first. */
    ofIssue: (issueId: number) =>
      db.selectFrom('newsletter_link_clicks').select(['url', 'clicks']).where('issue_id', '=', issueId).orderBy('clicks', 'desc').orderBy('url').execute(),
  };
}
