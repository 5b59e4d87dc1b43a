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
  const inlined = new Map<number, string>();
  for (const [, n] of text.matchAll(BOUND_LIMIT)) {
    const value = values[Number(n) - 1];
    if (typeof value === 'number' && Number.isSafeInteger(value)) inlined.set(Number(n), String(value));
  }
  if (!inlined.size) return [text, values];
  const kept: unknown[] = [];
  const renumbered = new Map<number, number>();
  values.forEach((value, i) => {
    if (inlined.has(i + 1)) return;
    kept.push(value);
    renumbered.set(i + 1, kept.length);
  });
  return [text.replace(PLACEHOLDER, (_, n: string) => inlined.get(Number(n)) ?? `$${renumbered.get(Number(n))}`), kept];
}
