import { createHash } from 'node:crypto';
import pg from 'pg';
import { literalLimits } from './literal-limits.js';

/** Named statements one connection keeps; beyond them, texts are parsed and planned each time as before. */
const PREPARED_PER_CONNECTION = 256;
/** Distinct texts remembered; the memory starts again when this many are known. */
const COUNTED_TEXTS = 10_000;
/** Only reads and writes with parameters: a transaction's BEGIN, DDL and multi-statement scripts go on as they are. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Starts a query whose best plan depends on its values, such as a full-text match: how many
 * rows a word matches decides between walking an index backwards and a bitmap of its
 * postings. A named statement would be given one generic plan after five runs (170 ms for a
 * common word against 4 ms planned for it), so such a query is planned each time.
 *
 * @example sql`${sql.raw(PLAN_EACH_TIME)} SELECT … WHERE document @@ ${query}`
 */
export const PLAN_EACH_TIME = '/* planned for its values */';

/** Each text seen: its statement's name once seen twice, null after the first sighting. */
const seen = new Map<string, string | null>();

/**
 * The statement's name for `text` (the same on every connection), or undefined the first time
 * it is run: a text seen once (an IN list of an unusual length) is not worth a statement on
 * every connection.
 */
function nameOnceSeen(text: string): string | undefined {
  const known = seen.get(text);
  if (known) return known;
  if (known === null) {
    const name = `b_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    seen.set(text, name);
    return name;
  }
  if (seen.size >= COUNTED_TEXTS) seen.clear();
  seen.set(text, null);
  return undefined;
}

/**
 * A pg client that runs the queries it is given often as named prepared statements: parsed
 * and planned once per connection, then only bound and executed. Kysely sends a query's text
 * and values each time, so PostgreSQL otherwise parses and plans every query anew; on a
 * reader's cache-miss render of seven queries that planning was most of PostgreSQL's time.
 * Limits are written into the text (literalLimits), or PostgreSQL would plan such a
 * statement on every run all the same. PostgreSQL re-plans a statement by itself after a
 * change to a table it reads.
 *
 * @example new pg.Pool({ connectionString, Client: PreparingClient })
 */
export class PreparingClient extends pg.Client {
  #prepared = new Set<string>();

  // pg's query has many overloads; only (text, values[, callback]) is turned into a named one.
  override query(...args: any[]): any {
    const [given, bound] = args;
    if (!(typeof given === 'string' && Array.isArray(bound) && bound.length > 0 && PREPARABLE.test(given) && !given.startsWith(PLAN_EACH_TIME)))
      return (super.query as (...a: unknown[]) => unknown)(...args);
    const [text, values] = literalLimits(given, bound);
    const name = nameOnceSeen(text);
    if (name && (this.#prepared.has(name) || this.#prepared.size < PREPARED_PER_CONNECTION)) {
      this.#prepared.add(name);
      return super.query({ name, text, values }, ...args.slice(2));
    }
    return (super.query as (...a: unknown[]) => unknown)(text, values, ...args.slice(2));
  }
}
