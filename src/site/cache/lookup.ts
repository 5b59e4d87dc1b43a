import { METER_COOKIE } from '../../access/meter-cookie.js';
import { READER_COOKIES } from '../../access/standing.js';
import { cacheKeyOf, matchesIfNoneMatch } from './http.js';
import type { AccessChoice } from '../../access/access-service.js';
import { PERSONAL_CACHE_CONTROL } from '../../http/cache-control.js';
import { formKey, type CachedPage, type RenderCache } from './render-cache.js';
import { askVariant, type AskState } from '../../asks/ask-slot.js';
import { ASK_COUNT_COOKIE } from '../../asks/ask-state.js';

/** Never cached nor shared, whatever a route declares. */
export const PRIVATE_PATHS = /^\/(admin|search|account|login|logout)(\/|$)/;

export type HeaderReader = (name: string) => string | string[] | undefined;

/** What the cache can say about a request before any rendering: a page, or why not. */
export interface Lookup {
  key: string;
  /** Private path, or a request with a cookie or credentials: what it renders is not stored in the cache (but see `reader`). */
  bypass: boolean;
  /**
   * Bypassed only for a signed-in reader's cookie: a stored page is served to them as to anyone
   * (their asks filled, privately), and a cacheable page they render is the same for everyone, so it is stored.
   */
  reader?: true;
  /** A page found; with `access`, one form of several, the request's own still to be chosen (`chooseForm`). */
  page?: CachedPage;
  /** The page found is the one kept under the key itself: a page's full form. */
  full?: boolean;
}

/**
 * Which cookies a request carries, as far as the cache cares: the meter cookie and the asks'
 * count setting change no page (they pick an article's form and fill the asks); a signed-in reader's cookie may, except on articles
 * with forms, which are chosen per request; any other cookie (the newsroom's) keeps the request
 * out of the cache, as before.
 */
function cookiesOf(header: string | string[] | undefined): 'none' | 'meter' | 'reader' | 'other' {
  if (header === undefined) return 'none';
  const text = Array.isArray(header) ? header.join(';') : header;
  let kind: 'none' | 'meter' | 'reader' = 'none';
  // Scanned in place, name by name, without splitting the header: every request asks.
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf(';', start);
    if (end === -1) end = text.length;
    while (start < end && text.charCodeAt(start) === 32) start++;
    const eq = text.indexOf('=', start);
    let nameEnd = eq === -1 || eq > end ? end : eq;
    while (nameEnd > start && text.charCodeAt(nameEnd - 1) === 32) nameEnd--;
    if (nameEnd > start) {
      const seen = cookieKind(text, start, nameEnd);
      if (seen === 'other') return 'other';
      if (seen === 'reader') kind = 'reader';
      else if (kind === 'none') kind = 'meter';
    }
    start = end + 1;
  }
  return kind;
}

const METER_NAMES = [METER_COOKIE, ASK_COUNT_COOKIE];

function cookieKind(text: string, start: number, end: number): 'meter' | 'reader' | 'other' {
  for (const name of METER_NAMES) if (end - start === name.length && text.startsWith(name, start)) return 'meter';
  for (const name of READER_COOKIES) if (end - start === name.length && text.startsWith(name, start)) return 'reader';
  return 'other';
}

/** The forms beside the full one, tried when the full form is not (yet) cached. */
const OTHER_FORMS = ['register', 'join'];

export function lookup(cache: RenderCache, target: string, header: HeaderReader): Lookup {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const key = cacheKeyOf(path, q === -1 ? '' : target.slice(q + 1));
  const cookies = cookiesOf(header('cookie'));
  if (PRIVATE_PATHS.test(path) || cookies === 'other' || header('authorization') !== undefined) return { key, bypass: true };
  const full = cache.get(key);
  let page = full;
  for (let i = 0; !page && i < OTHER_FORMS.length; i++) page = cache.get(formKey(key, OTHER_FORMS[i]!));
  if (cookies === 'reader') return { key, bypass: true, reader: true, page, full: full !== undefined };
  return { key, bypass: false, page, full: full !== undefined };
}

/**
 * The page this request gets from the cache, with the headers to add (a meter cookie): a page
 * without forms as found; for one with forms, the form the gate chooses, if that form is cached.
 * Undefined means render.
 */
export async function chooseForm(cache: RenderCache, found: Lookup, target: string, cookie: string | undefined): Promise<ChosenPage | undefined> {
  const now = chooseFormNow(cache, found, target, cookie);
  if (now !== 'wait') return now;
  const page = found.page!;
  const reader = cache.gate?.standingOf ? await cache.gate.standingOf(cookie) : undefined;
  const [chosen, ask] = await Promise.all([
    page.access ? cache.gate!.choose(page.access, { cookie, gift: giftOf(target) }, reader).then((choice) => chosenPage(cache, found, choice)) : asFound(found),
    cache.asks?.of(cookie, reader),
  ]);
  return chosen && withAsk(chosen, ask);
}

type ChosenPage = { page: CachedPage; headers?: Record<string, string>; ask?: AskState };

/**
 * `chooseForm` without waiting: the page, undefined (render), or 'wait' when the reader must be
 * looked up. A page with asks (every reader page) gets this reader's fill.
 */
export function chooseFormNow(cache: RenderCache, found: Lookup, target: string, cookie: string | undefined): ChosenPage | undefined | 'wait' {
  const { page } = found;
  if (!page) return undefined;
  if (page.access && !cache.gate) return undefined;
  if (!page.access && !fillsAsks(page, cache, cookie)) return asFound(found);
  // Where the reader stands, asked once for the gate and the asks: each would otherwise look a
  // signed-in reader up again (the cookie's session, then the memberships).
  const reader = cache.gate?.standingNow ? cache.gate.standingNow(cookie) : undefined;
  if (cache.gate?.standingNow && !reader) return 'wait';
  let chosen = asFound(found);
  if (page.access) {
    const choice = cache.gate!.chooseNow?.(page.access, { cookie, gift: giftOf(target) }, reader);
    if (!choice) return 'wait';
    chosen = chosenPage(cache, found, choice);
  }
  if (!chosen || !fillsAsks(chosen.page, cache, cookie)) return chosen;
  const ask = cache.asks!.now(cookie, reader);
  if (!ask) return 'wait';
  return ask.kind === 'plain' ? chosen : withAsk(chosen, ask);
}

// Written out rather than spread: the chosen pages come in several shapes, and a spread of them
// took V8's slow path, a microsecond of every metered or member hit.
const withAsk = (chosen: ChosenPage, ask: AskState | undefined): ChosenPage => ({ page: chosen.page, headers: chosen.headers, ask });

const SIGNED_IN_HEADERS = { 'cache-control': PERSONAL_CACHE_CONTROL };

/**
 * The headers a page without forms adds for this request. A signed-in reader's answer is theirs
 * alone (their asks are filled), as their render would be, so no shared cache may keep it; their
 * browser checks back with its ETag. (A form's stored headers say private already.) Theirs is the
 * page everyone gets: a route that declares its page cacheable (cachePage) renders nothing of the
 * reader into it.
 */
export const signedInHeaders = ({ reader }: Pick<Lookup, 'reader'>) => (reader ? SIGNED_IN_HEADERS : undefined);

/** A page without forms as found, with signedInHeaders. */
const asFound = (found: Lookup): ChosenPage | undefined => ({ page: found.page!, headers: signedInHeaders(found) });

/** Without cookies there is no count to show: the stored bytes go as they are, at no cost. */
const fillsAsks = (page: CachedPage, cache: RenderCache, cookie: string | undefined) => page.asks !== undefined && cache.asks !== undefined && cookie !== undefined;

const giftOf = (target: string) => {
  const q = target.indexOf('?');
  return q !== -1 && target.includes('gift=', q) ? (new URLSearchParams(target.slice(q + 1)).get('gift') ?? undefined) : undefined;
};

function chosenPage(cache: RenderCache, found: Lookup, choice: AccessChoice): ChosenPage | undefined {
  const chosen = choice.form === 'full' && found.full ? found.page : cache.get(formKey(found.key, choice.form));
  // No headers to add (the common case): the stored headers go out as they are, unspread.
  return chosen && { page: chosen, headers: choice.headers['set-cookie'] === undefined ? undefined : choice.headers };
}

/** The status and headers to send for a page, given the request's If-None-Match, with any `extra` headers added and the asks filled for `ask`. */
export function answerHead(page: CachedPage, ifNoneMatch: string | string[] | undefined, extra?: Record<string, string>, ask?: AskState) {
  const filled = page.asks && ask && ask.kind !== 'plain' ? askVariant(page.asks, ask, page) : page;
  const notModified = typeof ifNoneMatch === 'string' && matchesIfNoneMatch(ifNoneMatch, filled.etag);
  const headers = notModified ? filled.notModifiedHeaders : filled.headers;
  return { status: notModified ? 304 : page.status, headers: extra ? withExtra(headers, extra) : headers, body: notModified ? null : filled.body };
}

// A remembered access choice, or a signed-in reader's answer, adds the same header object each
// time: its merge with each page's headers is kept beside it, rather than spread again for every answer.
const merged = new WeakMap<Record<string, string>, WeakMap<Record<string, string>, Record<string, string>>>();

function withExtra(base: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  let byBase = merged.get(extra);
  if (!byBase) merged.set(extra, (byBase = new WeakMap()));
  let headers = byBase.get(base);
  if (!headers) byBase.set(base, (headers = { ...base, ...extra }));
  return headers;
}
