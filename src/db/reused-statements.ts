import { CompiledQuery, type Compilable } from 'kysely';

/** Stands in a statement for a value each run gives: `values[name]`, or `values[name][index]` of a list. */
class Slot {
  constructor(
    readonly name: string,
    readonly index?: number,
  ) {}
}

/** How many shapes of one statement are kept compiled: a front per section and the home page, with room. */
const SHAPES_KEPT = 64;

/**
 * A statement that Kysely builds and compiles once per `shape` (plain data: numbers, strings and
 * arrays of them), then runs with each call's `values` where the build put its slots. Kysely
 * otherwise builds and compiles a query on every run: for the home page's statement of eight
 * arms that was a fifth of a render's CPU, for the same text every time. A list among the values
 * is a slot per item (an IN list, or an arm per item), so its length is part of the shape. The
 * build must only place its slots, never look at them: a slot is not its value.
 *
 * @example
 *   const pinsAt = reusedStatement((front: string, { at }: { at: string }) =>
 *     db.selectFrom('front_pins').selectAll().where('front', '=', front).where('expires_at', '>', at));
 *   await db.executeQuery(pinsAt('home', { at: new Date().toISOString() }));
 */
export function reusedStatement<Shape, Values extends Record<string, unknown>, Row>(
  build: (shape: Shape, slots: Values) => Compilable<Row>,
): (shape: Shape, values: Values) => CompiledQuery<Row> {
  const compiled = new Map<string, CompiledQuery<Row>>();
  return (shape, values) => {
    const names = Object.keys(values);
    const key = JSON.stringify([shape, names.map((name) => (Array.isArray(values[name]) ? (values[name] as unknown[]).length : -1))]);
    let statement = compiled.get(key);
    if (!statement) {
      const slots = Object.fromEntries(
        names.map((name) => {
          const value = values[name];
          return [name, Array.isArray(value) ? value.map((_, i) => new Slot(name, i)) : new Slot(name)];
        }),
      ) as unknown as Values;
      statement = build(shape, slots).compile();
      const used = new Set(statement.parameters.flatMap((p) => (p instanceof Slot ? [p.name] : [])));
      const unused = names.filter((name) => !used.has(name) && !(Array.isArray(values[name]) && (values[name] as unknown[]).length === 0));
      // A slot Kysely did not bind (turned into SQL, or never used) would leave the statement without its value.
      if (unused.length) throw new Error(`reusedStatement: ${unused.join(', ')} did not become parameters of the statement`);
      if (compiled.size >= SHAPES_KEPT) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, statement);
    }
    const parameters = statement.parameters.map((p) => (p instanceof Slot ? (p.index === undefined ? values[p.name] : (values[p.name] as unknown[])[p.index]) : p));
    return CompiledQuery.raw(statement.sql, parameters) as CompiledQuery<Row>;
  };
}
