/** A bound LIMIT or OFFSET, as Kysely writes them. */
const BOUND_LIMIT = /\b(?:limit|offset) \$(\d+)\b/gi;
const PLACEHOLDER = /\$(\d+)\b/g;

/**
 * The statement with the whole numbers of its LIMIT and OFFSET written into its text, and
 * the values left to bind, renumbered. PostgreSQL never gives a named statement with
 * `LIMIT $n` a generic plan: without the number it cannot tell a plan for six rows from
 * one for all of them, so it plans such a statement again on every run (0.9 ms for the
 * home page's rails, every time). With the number in the text, a statement is planned
 * once per connection, as its other values allow. Each distinct limit makes a text of its
 * own; pages deep into a list are texts seen once, run unnamed as before.
 *
 * @example literalLimits('select "id" from "t" where "a" = $1 limit $2', ['x', 6]) // ['select "id" from "t" where "a" = $1 limit 6', ['x']]
 */
export function literalLimits(text: string, values: unknown[]): [string, unknown[]] {
  const known = limitsOf(text);
  const inlined = new Map<number, string>();
  for (const n of known.positions) {
    const value = values[n - 1];
    if (typeof value === 'number' && Number.isSafeInteger(value)) inlined.set(n, String(value));
  }
  if (!inlined.size) return [text, values];
  const key = `${values.length}:${[...inlined].join(';')}`;
  let result = known.rewritten.get(key);
  if (result === undefined) {
    const renumbered = new Map<number, number>();
    for (let n = 1; n <= values.length; n++) if (!inlined.has(n)) renumbered.set(n, renumbered.size + 1);
    result = text.replace(PLACEHOLDER, (_, n: string) => inlined.get(Number(n)) ?? `$${renumbered.get(Number(n))}`);
    // Offsets deep into a list make a text each: keep a few.
    if (known.rewritten.size >= REWRITES_KEPT) known.rewritten.clear();
    known.rewritten.set(key, result);
  }
  return [result, values.filter((_, i) => !inlined.has(i + 1))];
}

/** Distinct texts remembered: a render runs about a dozen, the same ones each time. */
const TEXTS_KEPT = 1_000;
/** The longest text remembered: a front's statement of eight arms is about 5,000 characters. */
const LONGEST_KEPT = 20_000;
/** Limits and offsets remembered per text. */
const REWRITES_KEPT = 32;

/**
 * Per text, which of its placeholders are LIMIT or OFFSET values, and the texts written with
 * their numbers: read once per text rather than on every run, and the same string each time,
 * which spares the statement-name lookup (prepared-statements.ts) hashing a new one.
 */
const texts = new Map<string, { positions: number[]; rewritten: Map<string, string> }>();
function limitsOf(text: string) {
  let known = texts.get(text);
  if (!known) {
    known = { positions: [...text.matchAll(BOUND_LIMIT)].map(([, n]) => Number(n)), rewritten: new Map() };
    // An import's many-row inserts are long, rare texts: not worth their memory.
    if (text.length > LONGEST_KEPT) return known;
    if (texts.size >= TEXTS_KEPT) texts.clear();
    texts.set(text, known);
  }
  return known;
}
