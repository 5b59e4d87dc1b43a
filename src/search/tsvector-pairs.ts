/**
 * The word pairs of a PostgreSQL search document, read off its text form
 * (`'govern':3,17 'polici':1A`): each two lexemes at neighbouring positions, written
 * "first second", once each. They are what migration 044's `search_pairs` finds in SQL,
 * where unpacking the document cost more than computing it; here it is a scan of a string.
 * `search_pair_numbers` then numbers them as it numbers that function's.
 *
 * @example tsvectorPairs("'harbour':1A 'wall':2A 'repair':3A") // ['harbour wall', 'wall repair']
 */
export function tsvectorPairs(text: string): string[] {
  const at = new Map<number, string[]>();
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    if (text[i] !== "'") throw new Error(`not a tsvector's text: ${JSON.stringify(text.slice(i, i + 20))}`);
    // The lexeme runs to the next quote that is not doubled.
    let end = text.indexOf("'", i + 1);
    while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
    if (end === -1) throw new Error(`not a tsvector's text: an unclosed lexeme at ${i}`);
    const raw = text.slice(i + 1, end);
    const lexeme = raw.includes("'") || raw.includes('\\') ? raw.replaceAll("''", "'").replace(/\\(.)/gs, '$1') : raw;
    i = end + 1;
    if (text[i] !== ':') continue;
    i++;
    // Positions, each a number with an optional weight letter, separated by commas.
    for (;;) {
      let position = 0;
      while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) position = position * 10 + text.charCodeAt(i++) - 48;
      const here = at.get(position);
      if (here) here.push(lexeme);
      else at.set(position, [lexeme]);
      if (text[i] !== undefined && 'ABCD'.includes(text[i]!)) i++;
      if (text[i] !== ',') break;
      i++;
    }
  }
  const pairs = new Set<string>();
  for (const [position, firsts] of at) {
    const seconds = at.get(position + 1);
    if (seconds) for (const first of firsts) for (const second of seconds) pairs.add(`${first} ${second}`);
  }
  return [...pairs];
}

/** `pairs` as a PostgreSQL text[] literal, for a parameter that is cast `::text[]`. */
export function textArrayLiteral(pairs: string[]): string {
  return `{${pairs.map((p) => `"${p.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
