import type { Generated } from 'kysely';

/** Columns the newsroom's member records add to `subscribers` (migration 029). */
export interface SubscriberRecordColumns {
  /** 'import' for a reader brought in from another platform; null for a signup or checkout. */
  source: string | null;
  /** JSON: string[], labels kept from an import. */
  labels: string | null;
}

export interface MemberNotesTable {
  id: Generated<number>;
  subscriber_id: number;
  author_name: string;
  body: string;
  created_at: string;
}

/** A membership given by the newsroom: counts as a member while `until` is null or ahead. */
export interface ComplimentaryMembershipsTable {
  subscriber_id: number;
  until: string | null;
  granted_by: string;
  created_at: string;
}
