import type Stripe from 'stripe';
import type { StripeConfig } from '../config.js';

/**
 * The official SDK, pointed at STRIPE_API_URL (Stripe's own, or the stand-in tests run):
 * the SDK takes the address as host, port and protocol. The SDK is loaded when the client
 * is first asked for, not when the services are made: every command starts with the
 * services, and most (a newsletter send, a migration) never take a payment.
 */
export function stripeClient(config: StripeConfig): () => Promise<Stripe> {
  let client: Promise<Stripe> | undefined;
  return () =>
    (client ??= import('stripe').then(({ default: StripeSdk }) => {
      const api = new URL(config.apiUrl);
      const protocol = api.protocol === 'http:' ? 'http' : 'https';
      return new StripeSdk(config.secretKey, {
        host: api.hostname,
        port: api.port ? Number(api.port) : protocol === 'http' ? 80 : 443,
        protocol,
        maxNetworkRetries: 2,
        timeout: 20_000,
        telemetry: false,
      });
    }));
}

export type { Stripe };
