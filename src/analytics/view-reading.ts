import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isbot } from 'isbot';
import proxyaddr from 'proxy-addr';
import type { CountedKind } from './page-kinds.js';
import { OTHER_SOURCES_HOST } from './rollup-store.js';
import type { ViewRecord } from './view-store.js';

/** A view as the listener saw it: references only, read at the next flush, off the request's path. */
export interface SeenView {
  /** Unix milliseconds. */
  at: number;
  target: string;
  kind: CountedKind;
  headers: IncomingHttpHeaders;
  /** The socket's address; X-Forwarded-For is believed only through trusted proxies. */
  socketAddress: string | undefined;
}

const TABLET = /iPad|Tablet|PlayBook|Kindle|Silk|Android(?!.*Mobi)/i;
const PHONE = /Mobi|iPhone|iPod|Android|Windows Phone/i;
/** Chromium's `Sec-Purpose: prefetch` (and `prefetch;prerender`), the older `Purpose`, Firefox's `X-Moz`. */
const PREFETCH = /prefetch|prerender|preview/i;
/** Stored UTM values and hosts are cut here: they come from anyone's links. */
const MAX_TEXT = 100;

/** 0 desktop, 1 phone, 2 tablet, from the user agent (an iPad asking for the desktop site counts as a desktop). */
export function deviceOf(userAgent: string): number {
  if (TABLET.test(userAgent)) return 2;
  if (PHONE.test(userAgent)) return 1;
  return 0;
}

/**
 * The visitor id: 48 bits of SHA-256 over the day's salt, the client address and the user agent.
 * With the salt destroyed after its day, nobody (not even the newsroom) can link two days' ids.
 */
export function visitorId(salt: string, address: string, userAgent: string): number {
  if (salt !== memoSalt || visitorMemo.size >= MAX_VISITORS) {
    visitorMemo.clear();
    memoSalt = salt;
  }
  const key = `${address}\0${userAgent}`;
  let id = visitorMemo.get(key);
  if (id === undefined) {
    id = createHash('sha256').update(salt).update('\0').update(address).update('\0').update(userAgent).digest().readUIntBE(0, 6);
    visitorMemo.set(key, id);
  }
  return id;
}

/**
 * A reader opens many pages a day: their id is hashed once per salt. The memo is emptied when
 * the salt changes, so it holds nothing that could link two days.
 */
const visitorMemo = new Map<string, number>();
let memoSalt = '';
const MAX_VISITORS = 50_000;

export interface ReadingOptions {
  /** proxy-addr's compiled trust, from TRUST_PROXY. */
  trust: (address: string, index: number) => boolean;
  /** This site's own hosts: a referrer from them is a reader moving between pages, not a source. */
  ownHosts: Set<string>;
}

/**
 * isbot's verdict per user agent: a site's views come from a few thousand browsers' agents, and
 * its list is one large regular expression. Forgotten all at once when full.
 */
const botVerdicts = new Map<string, boolean>();
const MAX_VERDICTS = 5000;

function isBot(userAgent: string): boolean {
  let verdict = botVerdicts.get(userAgent);
  if (verdict === undefined) {
    if (botVerdicts.size >= MAX_VERDICTS) botVerdicts.clear();
    verdict = isbot(userAgent);
    botVerdicts.set(userAgent, verdict);
  }
  return verdict;
}

/** Whether a view is counted at all: bots and prefetches are not. */
export function isCounted(headers: IncomingHttpHeaders): boolean {
  const userAgent = headers['user-agent'];
  if (!userAgent || isBot(userAgent)) return false;
  const purpose = headers['sec-purpose'] ?? headers.purpose ?? headers['x-moz'] ?? headers['x-purpose'];
  return !(typeof purpose === 'string' && PREFETCH.test(purpose));
}

/** Whether the reader asked not to be tracked (DNT or Global Privacy Control): counted, without a visitor id. */
export const asksNotToBeTracked = (headers: IncomingHttpHeaders) => headers.dnt === '1' || headers['sec-gpc'] === '1';

/** The client address, through trusted proxies only (as the sign-in limits read it). */
export function clientAddressOf(seen: SeenView, trust: ReadingOptions['trust']): string {
  if (!seen.socketAddress) return 'unknown';
  return proxyaddr({ headers: seen.headers, socket: { remoteAddress: seen.socketAddress } } as never, trust);
}

/**
 * What is stored of a view: its path, source (referrer host, UTM), device and visitor. `salt` is
 * undefined when the view's day has no salt to hand any more (counted without a visitor id).
 */
export function readView(seen: SeenView, salt: string | undefined, { trust, ownHosts }: ReadingOptions): ViewRecord {
  const q = seen.target.indexOf('?');
  const path = q === -1 ? seen.target : seen.target.slice(0, q);
  const userAgent = seen.headers['user-agent'] ?? '';
  const utm = q !== -1 && seen.target.includes('utm_', q) ? new URLSearchParams(seen.target.slice(q + 1)) : undefined;
  const visitor = salt === undefined || asksNotToBeTracked(seen.headers) ? null : visitorId(salt, clientAddressOf(seen, trust), userAgent);
  return {
    at: Math.floor(seen.at / 1000),
    path,
    kind: seen.kind,
    referrerHost: referrerHost(seen.headers.referer, ownHosts, seen.headers.host),
    utmSource: clean(utm?.get('utm_source')).toLowerCase(),
    utmMedium: clean(utm?.get('utm_medium')).toLowerCase(),
    utmCampaign: clean(utm?.get('utm_campaign')),
    device: deviceOf(userAgent),
    visitor,
  };
}

const clean = (value: string | null | undefined) => (value ?? '').trim().slice(0, MAX_TEXT);

/** The referrer's host name (without `www.`), or '' for none, an unreadable one, or this site (SITE_URL's host or the one the request was sent to). */
export function referrerHost(referer: string | undefined, ownHosts: Set<string>, requestHost?: string): string {
  if (!referer || !URL.canParse(referer)) return '';
  const url = new URL(referer);
  const host = url.hostname.toLowerCase();
  // `*` parses as a host but names the reserved "Other sources" row, which no referrer may count into.
  if (!host || host === OTHER_SOURCES_HOST || ownHosts.has(host) || url.host.toLowerCase() === requestHost?.toLowerCase()) return '';
  return (host.startsWith('www.') ? host.slice(4) : host).slice(0, MAX_TEXT);
}
