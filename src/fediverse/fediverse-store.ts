import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface StoredKeyPair {
  algorithm: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}

export interface FollowerRow {
  id: number;
  followerUri: string;
  inboxUrl: string;
  sharedInboxUrl: string | null;
}

export interface NewFollower {
  followerUri: string;
  inboxUrl: string;
  sharedInboxUrl: string | null;
  handle: string | null;
}

/** What followers were last told of an article. */
export interface ArticleState {
  state: 'live' | 'deleted';
  fingerprint: string;
}

/** The fediverse tables (migration 036) but the queue and the key-value store, which have their own modules. */
export function fediverseStore(db: Kysely<DB>) {
  return {
    async keyPairs(actor: string): Promise<StoredKeyPair[]> {
      const rows = await db.selectFrom('fediverse_keys').select(['algorithm', 'private_jwk', 'public_jwk']).where('actor', '=', actor).orderBy('algorithm', 'desc').execute();
      return rows.map((r) => ({ algorithm: r.algorithm, privateJwk: JSON.parse(r.private_jwk), publicJwk: JSON.parse(r.public_jwk) }));
    },

    /** Keeps the first pair stored for this actor and algorithm: two processes generating at once agree on one. */
    async addKeyPair(actor: string, pair: StoredKeyPair, at: string): Promise<void> {
      await db
        .insertInto('fediverse_keys')
        .values({ actor, algorithm: pair.algorithm, private_jwk: JSON.stringify(pair.privateJwk), public_jwk: JSON.stringify(pair.publicJwk), created_at: at })
        .onConflict((oc) => oc.columns(['actor', 'algorithm']).doNothing())
        .execute();
    },

    async addFollower(actor: string, follower: NewFollower, at: string): Promise<void> {
      const values = { inbox_url: follower.inboxUrl, shared_inbox_url: follower.sharedInboxUrl, handle: follower.handle };
      await db
        .insertInto('fediverse_followers')
        .values({ actor, follower_uri: follower.followerUri, ...values, created_at: at })
        .onConflict((oc) => oc.columns(['actor', 'follower_uri']).doUpdateSet(values))
        .execute();
    },

    async removeFollower(actor: string, followerUri: string): Promise<boolean> {
      const result = await db.deleteFrom('fediverse_followers').where('actor', '=', actor).where('follower_uri', '=', followerUri).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** One page of an actor's followers in the order they came, after the row `after`; all of them without `limit`. */
    followers(actors: string[], after = 0, limit?: number): Promise<FollowerRow[]> {
      let query = db
        .selectFrom('fediverse_followers')
        .select(['id', 'follower_uri as followerUri', 'inbox_url as inboxUrl', 'shared_inbox_url as sharedInboxUrl'])
        .where('actor', 'in', actors)
        .where('id', '>', after)
        .orderBy('id');
      if (limit !== undefined) query = query.limit(limit);
      return query.execute();
    },

    async followerCount(actor: string): Promise<number> {
      const row = await db.selectFrom('fediverse_followers').select((eb) => eb.fn.countAll<number>().as('n')).where('actor', '=', actor).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async addActivity(actor: string, type: string, articleId: number | null, activity: unknown, at: string): Promise<void> {
      await db.insertInto('fediverse_activities').values({ actor, type, article_id: articleId, activity: JSON.stringify(activity), published_at: at }).execute();
    },

    /** One page of an actor's outbox, newest first, before the row `before` (all rows when 0). */
    async activities(actor: string, before: number, limit: number): Promise<Array<{ id: number; activity: unknown }>> {
      let query = db.selectFrom('fediverse_activities').select(['id', 'activity']).where('actor', '=', actor).orderBy('id', 'desc').limit(limit);
      if (before > 0) query = query.where('id', '<', before);
      const rows = await query.execute();
      return rows.map((r) => ({ id: Number(r.id), activity: JSON.parse(r.activity) }));
    },

    async activityCount(actor: string): Promise<number> {
      const row = await db.selectFrom('fediverse_activities').select((eb) => eb.fn.countAll<number>().as('n')).where('actor', '=', actor).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** An author as their actor shows them; by id (their actor's identifier) or by slug (their handle). */
    author(by: { id: number } | { slug: string }) {
      const query = db.selectFrom('authors').select(['id', 'slug', 'name', 'bio', 'photo_url as photoUrl']);
      return ('id' in by ? query.where('id', '=', by.id) : query.where('slug', '=', by.slug)).executeTakeFirst();
    },

    async articleState(articleId: number): Promise<ArticleState | undefined> {
      const row = await db.selectFrom('fediverse_articles').select(['state', 'fingerprint']).where('article_id', '=', articleId).executeTakeFirst();
      return row && { state: row.state === 'live' ? 'live' : 'deleted', fingerprint: row.fingerprint };
    },

    /**
     * Moves an article from the state `from` (undefined: never sent) to `to`, and says whether
     * this call made the move: of two workers deciding on the same article, one sends.
     */
    async moveArticle(articleId: number, from: ArticleState | undefined, to: ArticleState, at: string): Promise<boolean> {
      if (!from) {
        const inserted = await db
          .insertInto('fediverse_articles')
          .values({ article_id: articleId, ...to, updated_at: at })
          .onConflict((oc) => oc.column('article_id').doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
      }
      const updated = await db
        .updateTable('fediverse_articles')
        .set({ ...to, updated_at: at })
        .where('article_id', '=', articleId)
        .where('state', '=', from.state)
        .where('fingerprint', '=', from.fingerprint)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    },
  };
}

export type FediverseStore = ReturnType<typeof fediverseStore>;
