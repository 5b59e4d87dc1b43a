import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { FilterError, type Comparison, type FilterNode, type FilterValue } from './nql.js';

/**
 * How one filter property becomes SQL: `anyOf` answers `property:value` and `property:[a,b]`;
 * `compare`, when present, answers `>`, `>=`, `<`, `<=` (dates and ids).
 */
export interface PropertyRule<TB extends keyof DB> {
  anyOf(eb: ExpressionBuilder<DB, TB>, values: FilterValue[]): Expression<SqlBool>;
  compare?(eb: ExpressionBuilder<DB, TB>, op: '>' | '>=' | '<' | '<=', value: FilterValue): Expression<SqlBool>;
}

export type FilterRules<TB extends keyof DB> = Record<string, PropertyRule<TB>>;

/** A WHERE condition for `node`, or FilterError naming an unknown property or an unsupported comparison. */
export function compileFilter<TB extends keyof DB>(node: FilterNode, rules: FilterRules<TB>, resource: string): (eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool> {
  const ruleOf = (property: string) => {
    const rule = Object.hasOwn(rules, property) ? rules[property] : undefined;
    if (!rule) throw new FilterError(`Unknown filter property "${property}" for ${resource}: use one of ${Object.keys(rules).join(', ')}`);
    return rule;
  };
  // Rules are checked now, so a bad filter fails before any query runs.
  const build = (n: FilterNode): ((eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool>) => {
    if ('nodes' in n) {
      const parts = n.nodes.map(build);
      return (eb) => (n.kind === 'and' ? eb.and(parts.map((p) => p(eb))) : eb.or(parts.map((p) => p(eb))));
    }
    const rule = ruleOf(n.property);
    if (n.kind === 'in') return (eb) => (n.negated ? eb.not(rule.anyOf(eb, n.values)) : rule.anyOf(eb, n.values));
    const op: Comparison = n.op;
    if (op === '=') return (eb) => rule.anyOf(eb, [n.value]);
    if (op === '!=') return (eb) => eb.not(rule.anyOf(eb, [n.value]));
    const compare = rule.compare;
    if (!compare) throw new FilterError(`"${n.property}" takes a value or a [list], not ${op}`);
    return (eb) => compare(eb, op, n.value);
  };
  return build(node);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A filter date as the stored UTC ISO text: `2026-01-31`, `2026-01-31 09:00:00` (UTC, as Ghost reads it) or full ISO. */
export function filterDate(property: string, value: FilterValue): string {
  const text = String(value);
  const parsed = DATE_ONLY.test(text)
    ? Date.parse(`${text}T00:00:00Z`)
    : DATE_TIME.test(text)
      ? Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`)
      : NaN;
  if (Number.isNaN(parsed)) throw new FilterError(`"${property}" needs a date such as '2026-01-31' or '2026-01-31 09:00:00', not "${text}"`);
  return new Date(parsed).toISOString();
}

/** Text values only: `tag:true` names no tag. */
export const texts = (values: FilterValue[]) => values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);

/** Whole-number ids; anything else matches nothing. */
export const ids = (values: FilterValue[]) => values.flatMap((v) => (typeof v === 'number' || (typeof v === 'string' && /^\d{1,15}$/.test(v)) ? [Number(v)] : []));

export const nothing = sql<SqlBool>`1 = 0`;

/** A date column: equality to the instant, or a comparison. */
export function dateRule<TB extends keyof DB>(property: string, column: string): PropertyRule<TB> {
  const ref = sql.ref(column);
  return {
    anyOf: (eb, values) => eb(ref, 'in', values.map((v) => filterDate(property, v))),
    compare: (eb, op, value) => eb(ref, op, filterDate(property, value)),
  };
}

/** A text column matched exactly, as Ghost matches slugs and names. */
export function textRule<TB extends keyof DB>(column: string): PropertyRule<TB> {
  const ref = sql.ref(column);
  return { anyOf: (eb, values) => (texts(values).length ? eb(ref, 'in', texts(values)) : nothing) };
}

/** An integer id column, also comparable. */
export function idRule<TB extends keyof DB>(column: string): PropertyRule<TB> {
  const ref = sql.ref(column);
  return {
    anyOf: (eb, values) => (ids(values).length ? eb(ref, 'in', ids(values)) : nothing),
    compare: (eb, op, value) => (ids([value]).length ? eb(ref, op, ids([value])[0]!) : nothing),
  };
}
