/**
 * PostgreSQL's search document of an article, as SQL over three text expressions: the
 * expression migration 032's insert trigger writes (a migration keeps its own copy, fixed),
 * for the code that writes search rows itself, which must make exactly the same ones.
 * Weights: headline A, standfirst B, body D (ts_rank's 1.0, 0.4 and 0.1).
 *
 * @example `SELECT ${searchDocument('a.headline', 'a.standfirst', 'a.body_text')} FROM articles a`
 */
export const searchDocument = (headline: string, standfirst: string, bodyText: string) =>
  `setweight(to_tsvector('english', ${headline}), 'A') || setweight(to_tsvector('english', ${standfirst}), 'B') || setweight(to_tsvector('english', ${bodyText}), 'D')`;
