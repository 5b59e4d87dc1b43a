import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { matchKey, topicMatcher, type TopicMatcher, type TopicRef } from './topic-names.js';
import { topicStore } from './topic-store.js';

/** A topic an import names: chosen by the source, or proposed by topic suggestion. */
export interface TopicTerm {
  slug: string;
  name: string;
  suggested: boolean;
}

/**
 * Attaches the topics an import names to the newsroom's: a term matching a topic's slug,
 * name or alias (case and accents aside) is that topic; any other becomes a new topic, a
 * proposal awaiting an editor when only topic suggestion named it. Use one per import
 * (inside its transaction): what the database holds is read once, on first use.
 *
 * @example await topicAttacher(trx, at)([{ slug: 'eu', name: 'EU', suggested: true }]) // Map { 'eu' => { id: 8, slug: 'european-union' } }
 */
export function topicAttacher(db: Kysely<DB>, at: string) {
  const store = topicStore(db);
  let matcher: Promise<TopicMatcher> | undefined;

  return async function attach(terms: TopicTerm[]): Promise<Map<string, TopicRef>> {
    const known = await (matcher ??= store.names().then(topicMatcher));
    const out = new Map<string, TopicRef>();
    /** New topics by match key, so that "E.U." and "e u" in one batch make one. */
    const fresh = new Map<string, { slug: string; name: string; reviewed: boolean; terms: string[] }>();
    const freshBySlug = new Map<string, { slug: string; name: string; reviewed: boolean; terms: string[] }>();
    for (const t of terms) {
      if (out.has(t.slug)) continue;
      const match = known.find(t);
      if (match) {
        out.set(t.slug, match);
        continue;
      }
      const key = matchKey(t.name);
      const pending = fresh.get(key) ?? freshBySlug.get(t.slug);
      if (pending) {
        pending.terms.push(t.slug);
        pending.reviewed ||= !t.suggested;
      } else {
        const topic = { slug: t.slug, name: t.name, reviewed: !t.suggested, terms: [t.slug] };
        fresh.set(key, topic);
        freshBySlug.set(t.slug, topic);
      }
    }
    const made = await store.insert([...fresh.values()], at);
    for (const f of fresh.values()) {
      const topic = { id: made.get(f.slug)!, slug: f.slug };
      known.add({ ...topic, name: f.name });
      for (const slug of f.terms) out.set(slug, topic);
    }
    return out;
  };
}
