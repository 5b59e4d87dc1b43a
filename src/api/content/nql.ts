import { BroadsheetError } from '../../errors.js';

/** A filter the Content API cannot read: Ghost answers these with 400 BadRequestError, naming the problem. */
export class FilterError extends BroadsheetError {
  override name = 'FilterError';
  override readonly status = 400;
}

export type FilterValue = string | number | boolean | null;
export type Comparison = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** One `property:value` test; `in` holds a `[a,b]` list (negated with `-[a,b]`). */
export type FilterNode =
  | { kind: 'compare'; property: string; op: Comparison; value: FilterValue }
  | { kind: 'in'; property: string; values: FilterValue[]; negated: boolean }
  | { kind: 'and' | 'or'; nodes: FilterNode[] };

const MAX_FILTER_LENGTH = 2_000;
const PROPERTY = /[a-zA-Z_][a-zA-Z0-9_.]*/y;
// A literal stops at whitespace and NQL's symbols; `-` may appear inside it but not lead it.
const LITERAL = /[^\s'"+,()><=[\]-][^\s'"+,()><=[\]]*/y;
const NUMBER = /^-?\d+$/;

/**
 * Parses the subset of Ghost's NQL that Content API clients send: `property:value`, with
 * `-` (not), `>`, `>=`, `<`, `<=` before the value, `[a,b]` lists, 'quoted strings' (with `\'`),
 * `true`/`false`/`null` and integers; `+` (and) binds tighter than `,` (or); parentheses group.
 * Properties are lower-cased as NQL does. Throws FilterError saying what was found where.
 *
 * @example parseFilter("tag:news+published_at:>'2026-01-01'")
 */
export function parseFilter(text: string): FilterNode {
  if (text.length > MAX_FILTER_LENGTH) throw new FilterError(`The filter is too long: at most ${MAX_FILTER_LENGTH} characters`);
  let at = 0;
  const where = () => (at >= text.length ? 'at the end' : `at character ${at + 1} ("${text.slice(at, at + 12)}")`);
  const fail = (expected: string): never => {
    throw new FilterError(`Error parsing filter: expected ${expected} ${where()}`);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
  };
  const eat = (token: string) => {
    skipSpace();
    if (text.startsWith(token, at)) {
      at += token.length;
      return true;
    }
    return false;
  };
  const match = (pattern: RegExp) => {
    pattern.lastIndex = at;
    const found = pattern.exec(text);
    if (!found) return undefined;
    at += found[0].length;
    return found[0];
  };

  function value(): FilterValue {
    skipSpace();
    if (text[at] === "'" || text[at] === '"') {
      const quote = text[at]!;
      let out = '';
      at += 1;
      while (at < text.length && text[at] !== quote) {
        if (text[at] === '\\' && at + 1 < text.length) at += 1;
        out += text[at];
        at += 1;
      }
      if (at >= text.length) fail(`a closing ${quote}`);
      at += 1;
      return out;
    }
    const literal = match(LITERAL) ?? fail('a value');
    if (literal === 'true') return true;
    if (literal === 'false') return false;
    if (literal === 'null') return null;
    return NUMBER.test(literal) ? Number(literal) : literal;
  }

  function list(): FilterValue[] {
    const values = [value()];
    while (eat(',')) values.push(value());
    if (!eat(']')) fail('"," or "]"');
    return values;
  }

  function term(): FilterNode {
    skipSpace();
    if (eat('(')) {
      const inner = or();
      if (!eat(')')) fail('")"');
      return inner;
    }
    const property = (match(PROPERTY) ?? fail('a property name such as tag or published_at')).toLowerCase();
    if (!eat(':')) fail(`":" after "${property}"`);
    skipSpace();
    const negated = text[at] === '-';
    if (negated) at += 1;
    if (eat('[')) return { kind: 'in', property, values: list(), negated };
    let op: Comparison = negated ? '!=' : '=';
    if (!negated) {
      if (eat('>=')) op = '>=';
      else if (eat('<=')) op = '<=';
      else if (eat('>')) op = '>';
      else if (eat('<')) op = '<';
    }
    return { kind: 'compare', property, op, value: value() };
  }

  function and(): FilterNode {
    const nodes = [term()];
    while (eat('+')) nodes.push(term());
    return nodes.length === 1 ? nodes[0]! : { kind: 'and', nodes };
  }

  function or(): FilterNode {
    const nodes = [and()];
    while (eat(',')) nodes.push(and());
    return nodes.length === 1 ? nodes[0]! : { kind: 'or', nodes };
  }

  const tree = or();
  skipSpace();
  if (at < text.length) fail('"+", "," or the end');
  return tree;
}
