import { lookup } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { BroadsheetError } from '../errors.js';
import { sniffImageType } from '../media/sniff.js';

/** A remote picture that could not be brought home; the message is the reason, for the import summary. */
export class ImageFetchError extends BroadsheetError {
  override name = 'ImageFetchError';
  override readonly status = 502;
}

export interface ImageFetchOptions {
  /**
   * Fetch from loopback, private and link-local addresses too. Off by default: an export names
   * any address it likes, and the importing server must not become a way into the newsroom's own network.
   */
  allowPrivateHosts?: boolean;
  /** Larger answers are abandoned as soon as they pass this. */
  maxBytes: number;
  /** For the whole fetch, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
}

const TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 3;

/** Addresses no public web server has: this machine, private and carrier networks, link-local, multicast and reserved ranges. */
const notPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  notPublic.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  notPublic.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is one no public server has (an IPv4-mapped IPv6 address counts as its IPv4 one). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return notPublic.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Resolves as the connection does and refuses a private answer there, so a name that resolves
 * to a public address when checked and a private one when connecting (DNS rebinding) gets nowhere.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as Array<{ address: string; family: number }>;
    const refused = list.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new ImageFetchError(`${hostname} is a private address (${refused.address}); importing from it needs --allow-private-hosts`), '', 0);
    if (options.all) return (callback as (e: null, a: typeof list) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * Fetches one picture: http(s) only, at most `maxRedirects` redirects, `maxBytes` bytes and
 * `timeoutMs`, and only an answer whose bytes are a JPEG, PNG, WebP or AVIF image. Throws an
 * ImageFetchError saying why not.
 */
export async function fetchImage(url: string, options: ImageFetchOptions): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await get(current, options, signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirects >= (options.maxRedirects ?? MAX_REDIRECTS)) throw new ImageFetchError(`more than ${options.maxRedirects ?? MAX_REDIRECTS} redirects`);
      current = new URL(response.headers.location, current).href;
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new ImageFetchError(`the server answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
    }
    const type = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type && !type.startsWith('image/') && type !== 'application/octet-stream') {
      response.resume();
      throw new ImageFetchError(`not an image (${type})`);
    }
    const bytes = await readCapped(response, options.maxBytes, signal);
    if (!sniffImageType(bytes)) throw new ImageFetchError('not a JPEG, PNG, WebP or AVIF image');
    return bytes;
  }
}

function get(url: string, options: ImageFetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new ImageFetchError('not a valid address'));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.reject(new ImageFetchError(`only http and https addresses are fetched, not ${parsed.protocol}`));
  // A literal address never goes through the lookup, so it is checked here.
  const literal = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateHosts && isIP(literal) && isPrivateAddress(literal)) {
    return Promise.reject(new ImageFetchError(`${literal} is a private address; importing from it needs --allow-private-hosts`));
  }
  const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(parsed, { signal, headers: { accept: 'image/avif,image/webp,image/png,image/jpeg;q=0.9,*/*;q=0.1' }, ...(options.allowPrivateHosts ? {} : { lookup: publicOnlyLookup }) }, resolve);
    req.on('error', (error) => reject(asFetchError(error, signal)));
    req.end();
  });
}

function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) {
    response.destroy();
    return Promise.reject(new ImageFetchError(tooLarge(maxBytes)));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new ImageFetchError(tooLarge(maxBytes)));
      } else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', (error) => reject(asFetchError(error, signal)));
  });
}

const tooLarge = (maxBytes: number) => `larger than ${maxBytes >= 1048576 ? `${Math.round(maxBytes / 1048576)} MB` : `${maxBytes} bytes`}`;

function asFetchError(error: Error, signal: AbortSignal): ImageFetchError {
  if (error instanceof ImageFetchError) return error;
  if (signal.aborted) return new ImageFetchError('no answer in time');
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ImageFetchError('the host name does not resolve');
  return new ImageFetchError(code ? `could not connect (${code})` : error.message);
}
