/** The text search configuration of every search document. */
export const SEARCH_CONFIGURATION = 'english';

/** What an article's search document is made of. */
export interface SearchText {
  headline: string;
  standfirst: string;
  body_text: string;
}

/** A search document's fields, in the order they are joined, with the weight each is given. */
export const DOCUMENT_FIELDS = [
  ['headline', 'A'],
  ['standfirst', 'B'],
  ['body_text', 'D'],
] as const satisfies ReadonlyArray<readonly [keyof SearchText, 'A' | 'B' | 'C' | 'D']>;

/**
 * PostgreSQL's search document of an article, as SQL over three text expressions: the
 * expression migration 032's insert trigger writes (a migration keeps its own copy, fixed),
 * for the code that writes search rows itself, which must make exactly the same ones.
 * Weights: headline A, standfirst B, body D (ts_rank's 1.0, 0.4 and 0.1).
 *
 * @example `SELECT ${searchDocument('a.headline', 'a.standfirst', 'a.body_text')} FROM articles a`
 */
export const searchDocument = (headline: string, standfirst: string, bodyText: string) => {
  const expressions = { headline, standfirst, body_text: bodyText };
  return DOCUMENT_FIELDS.map(([field, weight]) => `setweight(to_tsvector('${SEARCH_CONFIGURATION}', ${expressions[field]}), '${weight}')`).join(' || ');
};
