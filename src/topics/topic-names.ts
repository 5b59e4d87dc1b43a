import { slugify } from '../content/slug.js';

/**
 * The form names are compared in: case, accents and punctuation folded as in a slug, and
 * full stops dropped first, so "EU", "eu" and "E.U." meet, and "Zoë" meets "Zoe".
 *
 * @example matchKey('Élysée Palace') // "elysee-palace"
 */
export const matchKey = (name: string) => slugify(name.replace(/\./g, ''), 200);

export interface TopicRef {
  id: number;
  slug: string;
}

/** What a topic answers to: its slug, its name and its aliases (and slugs merged into it). */
export interface TopicNames {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  /** Old slugs that redirect to the topic since a merge. */
  formerSlugs?: string[];
}

/**
 * Finds the topic a name stands for. A topic's own slug wins over another's name, a name
 * over an alias, an alias over a slug merged away: the more deliberate the form, the
 * stronger its claim.
 *
 * @example topicMatcher([{ id: 3, slug: 'european-union', name: 'European Union', aliases: ['EU'] }]).find({ name: 'EU' }) // { id: 3, slug: 'european-union' }
 */
export function topicMatcher(topics: TopicNames[]) {
  const byKey = new Map<string, TopicRef>();
  const claim = (key: string, t: TopicRef) => {
    if (key && !byKey.has(key)) byKey.set(key, { id: t.id, slug: t.slug });
  };
  for (const t of topics) claim(t.slug, t);
  for (const t of topics) claim(matchKey(t.name), t);
  for (const t of topics) for (const a of t.aliases) claim(matchKey(a), t);
  for (const t of topics) for (const s of t.formerSlugs ?? []) claim(s, t);

  return {
    /** The topic a slug or name stands for, if any. */
    find(term: { slug?: string; name: string }): TopicRef | undefined {
      return (term.slug === undefined ? undefined : byKey.get(term.slug)) ?? byKey.get(matchKey(term.name));
    },
    /** Records a topic made after the matcher was built, so later terms find it. */
    add(topic: TopicRef & { name: string }): void {
      claim(topic.slug, topic);
      claim(matchKey(topic.name), topic);
    },
  };
}

export type TopicMatcher = ReturnType<typeof topicMatcher>;
