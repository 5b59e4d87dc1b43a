import type { Kysely } from 'kysely';
import { articleStore } from '../content/article-store.js';
import { blockText } from '../content/blocks.js';
import type { DB } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { suggestTopics, type TopicSuggestion } from './suggest.js';
import { topicMatcher, type TopicNames } from './topic-names.js';
import { topicStore } from './topic-store.js';

/** Suggestions that named a topic by one of its aliases, told by the topic's own name and slug, once each. */
function asTopics(suggestions: TopicSuggestion[], topics: TopicNames[]): TopicSuggestion[] {
  const matcher = topicMatcher(topics);
  const byId = new Map(topics.map((t) => [t.id, t]));
  const seen = new Set<string>();
  return suggestions.flatMap((s) => {
    const ref = s.existing ? matcher.find(s) : undefined;
    const topic = ref && byId.get(ref.id);
    const named = topic ? { ...s, name: topic.name, slug: topic.slug } : s;
    if (seen.has(named.slug)) return [];
    seen.add(named.slug);
    return [named];
  });
}

/**
 * Topic suggestions for stored articles, with the newsroom's existing topics
 * proposed first.
 */
export function topicSuggestionService(db: Kysely<DB>) {
  /** An article by its URL (full or path, /world/2022/01/slug) or by its slug alone (the newest with it). */
  async function findArticle(ref: string) {
    const path = ref.replace(/^https?:\/\/[^/]+/i, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
    const parts = path.split('/').filter(Boolean);
    const store = articleStore(db);
    if (parts.length === 4) return store.findByUrl(parts[0]!, `${parts[1]}/${parts[2]}`, parts[3]!);
    if (parts.length !== 1) return undefined;
    const row = await db.selectFrom('articles').select('id').where('slug', '=', parts[0]!).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? store.get(row.id) : undefined;
  }

  return {
    /** @example await topicSuggestions.forArticle('russias-hold-over-its-neighbours-keeps-deepening') */
    async forArticle(ref: string, limit?: number): Promise<TopicSuggestion[]> {
      const article = await findArticle(ref);
      if (!article) throw new NotFoundError(`No article "${ref}": give its slug or its URL path, like /world/2022/01/some-slug`);
      const store = topicStore(db);
      const [vocabulary, names] = await Promise.all([store.vocabulary(), store.names()]);
      const suggestions = suggestTopics({ headline: article.headline, standfirst: article.standfirst, paragraphs: article.body.map(blockText) }, vocabulary, limit);
      return asTopics(suggestions, names);
    },
  };
}
