import Stripe from 'stripe';
import type { StripeConfig } from '../config.js';

/**
 * The official SDK, pointed at STRIPE_API_URL (Stripe's own, or the stand-in tests run):
 * the SDK takes the address as host, port and protocol.
 */
export function stripeClient(config: StripeConfig): Stripe {
  const api = new URL(config.apiUrl);
  const protocol = api.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(config.secretKey, {
    host: api.hostname,
    port: api.port ? Number(api.port) : protocol === 'http' ? 80 : 443,
    protocol,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
  });
}

export type { Stripe };
