import type { Kysely } from 'kysely';
import { authorize } from '../accounts/policy.js';
import type { Actor } from '../content/article-policy.js';
import type { ContentEvents } from '../content/events.js';
import { topicInput } from '../content/taxonomy-input.js';
import type { DB } from '../db/schema.js';
import { ConflictError, fromZod, ValidationError } from '../errors.js';
import { matchKey, topicMatcher } from './topic-names.js';
import { topicStore } from './topic-store.js';

const id = (value: number, what: string) => {
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(`Invalid ${what}`, [{ path: 'id', message: 'must be a positive whole number' }]);
  return value;
};

/**
 * The desk's review of topics: proposals from topic suggestion wait here, with no public
 * page, until an editor accepts one, merges it into an existing topic (its name becomes an
 * alias) or rejects it; aliases are the other names a topic answers to when imports and
 * suggestions are matched. Every method needs an editor (or admin).
 */
export function topicReviewService(db: Kysely<DB>, events: ContentEvents) {
  const store = topicStore(db);
  const announce = (topicIds: number[], articleIds: number[] = []) => {
    for (const topicId of topicIds) events.emit({ entity: 'topic', id: topicId });
    for (const articleId of articleIds) events.emit({ entity: 'article', id: articleId });
  };

  return {
    /** Every topic, proposals included, with its article count and aliases. */
    list: (actor: Actor) => (authorize(actor, 'taxonomy.manage'), store.forDesk()),

    /** The proposal becomes a reviewed topic: its page, feed, sitemap entry and article tags appear. */
    async accept(actor: Actor, topicId: number) {
      authorize(actor, 'taxonomy.manage');
      const topic = await store.accept(id(topicId, 'topic'));
      announce([topic.id]);
      return topic;
    },

    /** Deletes the proposal and its suggestions on articles. */
    async reject(actor: Actor, topicId: number) {
      authorize(actor, 'taxonomy.manage');
      const articleIds = await store.reject(id(topicId, 'topic'));
      announce([topicId], articleIds);
      return { articles: articleIds.length };
    },

    /** Folds the proposal into topic `intoId`: its articles move there and its name becomes an alias of it. */
    async merge(actor: Actor, proposalId: number, intoId: number) {
      authorize(actor, 'taxonomy.manage');
      if (id(proposalId, 'topic') === id(intoId, 'topic')) throw new ValidationError('Invalid merge', [{ path: 'into', message: 'must be a different topic' }]);
      const [proposal, into] = await Promise.all([store.get(proposalId), store.get(intoId)]);
      const key = matchKey(proposal.name);
      const alias = key === into.slug || key === matchKey(into.name) ? undefined : { name: proposal.name, match_key: key };
      const articleIds = await store.mergeProposal(proposalId, intoId, alias);
      announce([intoId, proposalId], articleIds);
      return { moved: articleIds.length, into };
    },

    /** Another name the topic answers to; refused when it already names a topic (this one or another). */
    async addAlias(actor: Actor, topicId: number, name: string) {
      authorize(actor, 'taxonomy.manage');
      const parsed = topicInput.pick({ name: true }).safeParse({ name });
      if (!parsed.success) throw fromZod('Invalid alias', parsed.error);
      const alias = parsed.data.name;
      const topic = await store.get(id(topicId, 'topic'));
      const owner = topicMatcher(await store.names()).find({ name: alias });
      if (owner?.id === topic.id) throw new ConflictError(`"${alias}" already names the topic ${topic.name}`);
      if (owner) throw new ConflictError(`"${alias}" already names another topic, /topic/${owner.slug}: merge the two instead`);
      return store.addAlias(topic.id, { name: alias, match_key: matchKey(alias) });
    },

    async removeAlias(actor: Actor, topicId: number, aliasId: number) {
      authorize(actor, 'taxonomy.manage');
      await store.removeAlias(id(topicId, 'topic'), id(aliasId, 'alias'));
    },
  };
}

export type TopicReviewService = ReturnType<typeof topicReviewService>;
