import type { Generated } from 'kysely';

/** Columns topic review (migration 014) adds to `topics`. */
export interface TopicReviewColumns {
  /** 1 once an editor made or accepted the topic (public page, tags, sitemaps); 0 for a proposal from topic suggestion. */
  reviewed: Generated<number>;
}

/** Another name a topic answers to when imports and suggestions are matched ("EU" for "European Union"). */
export interface TopicAliasesTable {
  id: Generated<number>;
  topic_id: number;
  name: string;
  /** The name folded as a slug (topics/topic-names.ts matchKey): unique across every alias. */
  match_key: string;
  created_at: string;
}
