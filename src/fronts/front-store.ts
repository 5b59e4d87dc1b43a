import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { RankedIds } from '../content/article-store.js';
import type { DB } from '../db/schema.js';
import { unionAll } from '../db/union-all.js';
import { activePinsQuery } from './pin-store.js';

/** Where each part of a front's places starts: the pins take their slots, from 1. */
export const NEWEST_PLACES = 100;
/** Rail `i`'s articles take the places after `railPlaces(i)`. */
export const railPlaces = (i: number) => 1000 * (i + 1);

/** What a list of a front draws from: one section's articles or every section's, and whether partner content counts. */
interface Candidates {
  sectionId: number | null;
  partnerContent: boolean;
}

/** A front (`key`: src/fronts/slots.ts) at a time, how many top slots it has, and its rails' sections and length. */
export interface FrontPlaces extends Candidates {
  key: string;
  at: string;
  top: number;
  rails: number[];
  railSize: number;
}

type Ids = SelectQueryBuilder<DB, any, { id: number }>;

/** The newest `limit` published articles of `of` that none of `excluded` selects, newest first: an index range. */
function newest(db: Kysely<DB>, of: Candidates, limit: number, excluded: Ids[]) {
  let q = db.selectFrom('articles').select(['articles.id', 'articles.published_at']).where('articles.status', '=', 'published');
  if (of.sectionId !== null) q = q.where('articles.section_id', '=', of.sectionId);
  if (!of.partnerContent) q = q.where('articles.sponsor', 'is', null);
  for (const ids of excluded) q = q.where('articles.id', 'not in', ids);
  return q.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit);
}

/** `list` with places after `from`, newest first, in a subquery of its own (an arm of unionAll). */
const inPlace = (db: Kysely<DB>, list: ReturnType<typeof newest>, from: number) =>
  db.selectFrom(list.as('newest')).select(['newest.id', sql<number>`${sql.lit(from)} + row_number() over (order by newest.published_at desc, newest.id desc)`.as('place')]);

/**
 * A front's top slots and rails as one query of article ids and places, for placedSummariesQuery:
 * - the pins showing at `at`, in their slots;
 * - the newest `top` other articles, for the slots the pins leave (from NEWEST_PLACES);
 * - for each section of `rails`, its newest `railSize` articles after those (from railPlaces(i)).
 *
 * Where pins take slots, the newest articles they push out of the top slots belong at the head of
 * their sections' rails, before what the rails' places hold: the caller puts them there. One
 * round trip, where the pins, the list and the rails each took one, and their bylines and
 * pictures another each.
 */
export function frontPlacesQuery(db: Kysely<DB>, front: FrontPlaces): RankedIds {
  const pinned = activePinsQuery(db, front.key, front.at).select('front_pins.article_id as id');
  const topCandidates = newest(db, front, front.top, [pinned]);
  const arms: RankedIds[] = [
    activePinsQuery(db, front.key, front.at).select(['front_pins.article_id as id', 'front_pins.slot as place']),
    inPlace(db, topCandidates, NEWEST_PLACES),
    ...front.rails.map((sectionId, i) =>
      inPlace(db, newest(db, { sectionId, partnerContent: front.partnerContent }, front.railSize, [pinned, topCandidates.clearSelect().select('articles.id')]), railPlaces(i)),
    ),
  ];
  return unionAll(arms);
}
