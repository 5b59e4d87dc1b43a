import { hash } from 'node:crypto';
import { isbot } from 'isbot';
import { pageKind, type CountedKind } from './page-kinds.js';
import { OTHER_SOURCES_HOST } from './rollup-store.js';

/**
 * Reading a view's headers costs regular expressions (isbot's list is one large one), URL
 * parsing and hashing. Readers send the same few thousand user agents, referrers and
 * addresses over and over, so each distinct header value is read once and remembered: the
 * counter's hot path is a few Map lookups.
 */

const TABLET = /iPad|Tablet|PlayBook|Kindle|Silk|Android(?!.*Mobi)/i;
const PHONE = /Mobi|iPhone|iPod|Android|Windows Phone/i;
/** Chromium's `Sec-Purpose: prefetch` (and `prefetch;prerender`), the older `Purpose`, Firefox's `X-Moz`. */
const PREFETCH = /prefetch|prerender|preview/i;
/** Stored UTM values and hosts are cut here: they come from anyone's links. */
const MAX_TEXT = 100;

/**
 * A memo of `read` by its string key, forgotten all at once when it holds `max` keys: what a
 * site's readers send repeats, and a flood of new values costs no more memory than `max`.
 */
export function memo<V>(max: number, read: (key: string) => V): (key: string) => V {
  const known = new Map<string, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= max) known.clear();
      value = read(key);
      known.set(key, value);
    }
    return value;
  };
}

/** 0 desktop, 1 phone, 2 tablet, from the user agent (an iPad asking for the desktop site counts as a desktop). */
export function deviceOf(userAgent: string): number {
  if (TABLET.test(userAgent)) return 2;
  if (PHONE.test(userAgent)) return 1;
  return 0;
}

/** What a user agent says: null for a bot (not counted), else the reader's device class. */
export interface Agent {
  userAgent: string;
  device: number;
}

/** A user agent read once: isbot's verdict and the device class. */
export const readAgent = (userAgent: string): Agent | null => (isbot(userAgent) ? null : { userAgent, device: deviceOf(userAgent) });

/** A prefetch or prerender (`Sec-Purpose`, `Purpose`, `X-Moz`, `X-Purpose`) is not a reader. */
export const isPrefetch = (purpose: string | string[] | undefined) => typeof purpose === 'string' && PREFETCH.test(purpose);

/** A counted page, read once per request target: its kind, path (never the query) and UTM source. */
export interface Page {
  kind: CountedKind;
  path: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  /** The UTM values joined, to find the source's id with the referrer's host. */
  utmKey: string;
}

/** @example readPage('/world/2026/11/strike?utm_source=Mail') // { kind: 'article', path: '/world/2026/11/strike', utmSource: 'mail', … } */
export function readPage(target: string): Page | null {
  const kind = pageKind(target);
  if (!kind) return null;
  const q = target.indexOf('?');
  const utm = q !== -1 && target.includes('utm_', q) ? new URLSearchParams(target.slice(q + 1)) : undefined;
  const utmSource = clean(utm?.get('utm_source')).toLowerCase();
  const utmMedium = clean(utm?.get('utm_medium')).toLowerCase();
  const utmCampaign = clean(utm?.get('utm_campaign'));
  return { kind, path: q === -1 ? target : target.slice(0, q), utmSource, utmMedium, utmCampaign, utmKey: `${utmSource}\0${utmMedium}\0${utmCampaign}` };
}

const clean = (value: string | null | undefined) => (value ?? '').trim().slice(0, MAX_TEXT);

/** A referrer read once: the host a source is named by, and the host with its port, to tell this site's own pages. */
export interface Referrer {
  host: string;
  authority: string;
}

const NO_REFERRER: Referrer = { host: '', authority: '' };

/** The referrer's host name (without `www.`), or '' for an unreadable one or this site's (`ownHosts`, SITE_URL's host). */
export function readReferrer(referer: string, ownHosts: Set<string>): Referrer {
  if (!URL.canParse(referer)) return NO_REFERRER;
  const url = new URL(referer);
  const host = url.hostname.toLowerCase();
  // `*` parses as a host but names the reserved "Other sources" row, which no referrer may count into.
  if (!host || host === OTHER_SOURCES_HOST || ownHosts.has(host)) return NO_REFERRER;
  return { host: (host.startsWith('www.') ? host.slice(4) : host).slice(0, MAX_TEXT), authority: url.host.toLowerCase() };
}

/** Whether a referrer's host (lower case) is the one the request was sent to (the Host header, in any case). */
export const sameHost = (authority: string, requestHost: string | undefined) =>
  requestHost !== undefined && (authority === requestHost || (authority.length === requestHost.length && authority === requestHost.toLowerCase()));

/**
 * The visitor id: 48 bits of SHA-256 over the day's salt, the client address and the user agent.
 * With the salt destroyed after its day, nobody (not even the newsroom) can link two days' ids.
 */
export function visitorId(salt: string, address: string, userAgent: string): number {
  return hash('sha256', `${salt}\0${address}\0${userAgent}`, 'buffer').readUIntBE(0, 6);
}

const MAX_VISITORS = 50_000;

/**
 * `visitorId`, remembered: a reader opens many pages a day and is hashed once per salt. The
 * memo is emptied when the salt changes, so it holds nothing that could link two days.
 */
export function visitorIds(): (salt: string, address: string, userAgent: string) => number {
  let memoSalt = '';
  let size = 0;
  const byAddress = new Map<string, Map<string, number>>();
  return (salt, address, userAgent) => {
    if (salt !== memoSalt || size >= MAX_VISITORS) {
      byAddress.clear();
      memoSalt = salt;
      size = 0;
    }
    let agents = byAddress.get(address);
    if (!agents) byAddress.set(address, (agents = new Map()));
    let id = agents.get(userAgent);
    if (id === undefined) {
      id = visitorId(salt, address, userAgent);
      agents.set(userAgent, id);
      size++;
    }
    return id;
  };
}
