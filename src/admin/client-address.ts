import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';

/**
 * The address a request came from, for the sign-in limits. X-Forwarded-For is believed
 * only through the proxies TRUST_PROXY names: anyone can send the header, and trusting it
 * from anywhere would let one address pose as many. Behind a proxy that is not named,
 * every reader shares the proxy's address, and with it one limit.
 *
 * @example clientAddress(['loopback'])(c) // '203.0.113.9' when nginx on 127.0.0.1 forwarded it
 */
export function clientAddress(trustedProxies: string[]): (c: Context) => string {
  const trust = proxyaddr.compile(trustedProxies);
  return (c) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    return incoming?.socket?.remoteAddress ? proxyaddr(incoming, trust) : 'unknown';
  };
}
