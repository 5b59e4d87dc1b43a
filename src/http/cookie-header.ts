/**
 * Reading one or two cookies out of a Cookie header by scanning, without parsing the rest of
 * it: every reader page asks, and parsing the whole header cost more than the rest of answering
 * a cached page. A name counts only at the start of the header or after a separator, and only
 * followed by `=`, so `xbroadsheet_reader=` or a value containing a name never matches.
 */

/** Where `name=` starts in the header, or -1. */
function indexOfCookie(header: string, name: string): number {
  for (let at = header.indexOf(name); at !== -1; at = header.indexOf(name, at + 1)) {
    const before = at === 0 ? ';' : header[at - 1];
    const after = header[at + name.length];
    if ((before === ';' || before === ' ') && (after === '=' || after === ' ')) return at;
  }
  return -1;
}

/** Whether the header carries a cookie named one of `names`. */
export function carriesCookie(header: string | undefined, names: readonly string[]): boolean {
  if (!header) return false;
  for (const name of names) if (indexOfCookie(header, name) !== -1) return true;
  return false;
}

/** The value of the cookie `name` (percent-decoded, as browsers send what servers encoded), or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const at = indexOfCookie(header, name);
  if (at === -1) return undefined;
  const start = header.indexOf('=', at + name.length) + 1;
  const end = header.indexOf(';', start);
  let value = header.slice(start, end === -1 ? undefined : end).trim();
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
