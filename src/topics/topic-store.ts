import type { Kysely } from 'kysely';
import { slugify } from '../content/slug.js';
import type { DB } from '../db/schema.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { deskStore } from '../desk/desk-store.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { insertMissingBySlug } from '../db/batches.js';
import type { TopicNames } from './topic-names.js';

const now = () => new Date().toISOString();

/** A topic as the desk reviews it: how many articles carry it, whether it is public, its aliases. */
export interface DeskTopic {
  id: number;
  slug: string;
  name: string;
  reviewed: boolean;
  articles: number;
  aliases: Array<{ id: number; name: string }>;
}

/** Topic review's queries: what every topic answers to, proposals, aliases. */
export function topicStore(db: Kysely<DB>) {
  const aliasesOf = async () => {
    const q = db.selectFrom('topic_aliases').select(['id', 'topic_id', 'name']).orderBy('name');
    const byTopic = new Map<number, Array<{ id: number; name: string }>>();
    for (const a of await q.execute()) byTopic.set(a.topic_id, [...(byTopic.get(a.topic_id) ?? []), { id: a.id, name: a.name }]);
    return byTopic;
  };

  return {
    /** Every topic with the names it answers to, for matching imported and suggested names. */
    async names(): Promise<TopicNames[]> {
      const [topics, aliases, redirects] = await Promise.all([
        db.selectFrom('topics').select(['id', 'slug', 'name']).execute(),
        aliasesOf(),
        db.selectFrom('topic_redirects').select(['topic_id', 'from_slug']).execute(),
      ]);
      const former = new Map<number, string[]>();
      for (const r of redirects) former.set(r.topic_id, [...(former.get(r.topic_id) ?? []), r.from_slug]);
      return topics.map((t) => ({ ...t, aliases: aliases.get(t.id)?.map((a) => a.name) ?? [], formerSlugs: former.get(t.id) ?? [] }));
    },

    /**
     * The names topic suggestion should know as the newsroom's: every topic, and each alias
     * under a slug of its own, which the import attaches to the alias's topic.
     */
    async vocabulary(): Promise<Array<{ name: string; slug: string }>> {
      const [topics, aliases] = await Promise.all([
        db.selectFrom('topics').select(['name', 'slug']).execute(),
        db.selectFrom('topic_aliases').select('name').execute(),
      ]);
      return [...topics, ...aliases.map((a) => ({ name: a.name, slug: slugify(a.name) }))];
    },

    /** Adds topics (`reviewed` 0 for proposals); a slug another process took meanwhile is kept as it is. Answers slug → id. */
    insert(rows: Array<{ slug: string; name: string; reviewed: boolean }>, at: string): Promise<Map<string, number>> {
      return insertMissingBySlug(
        db,
        'topics',
        rows.map((r) => ({ slug: r.slug, name: r.name, reviewed: r.reviewed ? 1 : 0, created_at: at })),
      );
    },

    /** Every topic, proposals included, by name, with article counts and aliases. */
    async forDesk(): Promise<DeskTopic[]> {
      const [rows, aliases] = await Promise.all([
        db
          .selectFrom('topics')
          .leftJoin('article_topics', 'article_topics.topic_id', 'topics.id')
          .select(['topics.id', 'topics.slug', 'topics.name', 'topics.reviewed', (eb) => eb.fn.count<number>('article_topics.article_id').as('articles')])
          .groupBy(['topics.id', 'topics.slug', 'topics.name', 'topics.reviewed'])
          .orderBy('topics.name')
          .execute(),
        aliasesOf(),
      ]);
      return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, reviewed: r.reviewed === 1, articles: Number(r.articles), aliases: aliases.get(r.id) ?? [] }));
    },

    async get(id: number) {
      const row = await db.selectFrom('topics').select(['id', 'slug', 'name', 'reviewed']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('No such topic');
      return row;
    },

    /** Makes a proposal a reviewed topic. */
    async accept(id: number) {
      const row = await db.updateTable('topics').set({ reviewed: 1 }).where('id', '=', id).where('reviewed', '=', 0).returning(['id', 'slug', 'name']).executeTakeFirst();
      if (!row) throw new NotFoundError('No such proposed topic');
      return row;
    },

    /** Deletes a proposal and its links to articles; answers the ids of those articles. */
    reject: (id: number) =>
      inTransaction(db, async (trx) => {
        const topic = await trx.selectFrom('topics').select('id').where('id', '=', id).where('reviewed', '=', 0).executeTakeFirst();
        if (!topic) throw new NotFoundError('No such proposed topic');
        const linked = await trx.selectFrom('article_topics').select('article_id').where('topic_id', '=', id).execute();
        await trx.deleteFrom('article_topics').where('topic_id', '=', id).execute();
        await trx.deleteFrom('topics').where('id', '=', id).execute();
        return linked.map((l) => l.article_id);
      }),

    /**
     * Folds a proposal into a topic (the desk's merge: articles move, the old slug redirects)
     * and keeps its name as an alias when it is another name. Answers the moved articles' ids.
     */
    mergeProposal: (fromId: number, intoId: number, alias: { name: string; match_key: string } | undefined) =>
      inTransaction(db, async (trx) => {
        const from = await trx.selectFrom('topics').select('id').where('id', '=', fromId).where('reviewed', '=', 0).executeTakeFirst();
        if (!from) throw new NotFoundError('No such proposed topic');
        const moved = await deskStore(trx).mergeTopics(fromId, intoId);
        if (alias) {
          await trx
            .insertInto('topic_aliases')
            .values({ topic_id: intoId, ...alias, created_at: now() })
            .onConflict((oc) => oc.column('match_key').doNothing())
            .execute();
        }
        return moved;
      }),

    async addAlias(topicId: number, alias: { name: string; match_key: string }) {
      try {
        return await db.insertInto('topic_aliases').values({ topic_id: topicId, ...alias, created_at: now() }).returningAll().executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`The alias "${alias.name}" already belongs to a topic`);
        throw error;
      }
    },

    async removeAlias(topicId: number, aliasId: number) {
      const row = await db.deleteFrom('topic_aliases').where('id', '=', aliasId).where('topic_id', '=', topicId).returning('id').executeTakeFirst();
      if (!row) throw new NotFoundError('No such alias');
    },
  };
}
