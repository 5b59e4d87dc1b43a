import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * PostgreSQL's search rows also hold their word pairs: a small number for each two lexemes
 * that stand side by side in the document, in a GIN index of their own. GIN keeps no
 * positions, so a quoted phrase of two frequent words had PostgreSQL recheck every article
 * holding both (31,000 rows and 50 ms for "policy government" at 250,000 articles); the
 * pairs narrow that to the articles holding the pair (2,000 rows, 2 ms), and the document
 * still confirms the phrase, so a pair number two pairs share costs a recheck, never a
 * wrong answer. The pairs come from the document's own positions: whatever `<->` finds in
 * a document, its pairs hold.
 *
 * A pair is written "first second" and numbered by `search_pair_numbers`: `hashtext`'s top
 * 16 bits (hash indexes, which pg_upgrade carries over, need hashtext to stay the same from
 * one PostgreSQL version to the next). An import reads the pairs off the documents' text
 * itself (src/search/tsvector-pairs.ts): finding them in SQL cost more than computing the
 * document.
 *
 * A trigger fills the pairs for every write of a document, except an insert that supplies
 * them (the import computes them beside its writes, src/search/supplied-search-rows.ts).
 * Rows written before, or loaded with the triggers off (`db copy`), are left without: filling
 * 250,000 took 77 s, too long to hold up a start or a copy, so the server's `search-pairs`
 * job fills them a batch at a time (src/search/word-pairs-postgres.ts), found through a
 * partial index, and search uses the pairs only once no row is without.
 */
export const searchPairs: BroadsheetMigration = {
  async up(db, dialect) {
    if (dialect.name === 'sqlite') return;
    await sql`CREATE FUNCTION search_pair_numbers(pairs text[]) RETURNS int2[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT (hashtext(p) >> 16)::int2), '{}') FROM unnest(pairs) AS p
    $$`.execute(db);
    await sql`CREATE FUNCTION search_pairs(document tsvector) RETURNS int2[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT search_pair_numbers(array_agg(a.lexeme || ' ' || b.lexeme))
      FROM (SELECT lexeme, unnest(positions) AS p FROM unnest(document)) a
      JOIN (SELECT lexeme, unnest(positions) AS p FROM unnest(document)) b ON b.p = a.p + 1
    $$`.execute(db);
    await sql`ALTER TABLE article_search ADD COLUMN pairs int2[]`.execute(db);
    await sql`CREATE FUNCTION article_search_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' AND NEW.pairs IS NOT NULL THEN
          RETURN NEW;
        END IF;
        NEW.pairs := search_pairs(NEW.document);
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER article_search_pairs BEFORE INSERT OR UPDATE OF document ON article_search
      FOR EACH ROW EXECUTE FUNCTION article_search_pairs()`.execute(db);
    await sql`CREATE INDEX article_search_pairs ON article_search USING gin (pairs)`.execute(db);
    await sql`CREATE INDEX article_search_unpaired ON article_search (article_id) WHERE pairs IS NULL`.execute(db);
  },
};
