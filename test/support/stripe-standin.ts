import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { StripeConfig } from '../../src/config.js';

/** A request the stand-in received: the path and the form fields, flat as the SDK encodes them (`line_items[0][price_data][currency]`). */
export interface StandinRequest {
  method: string;
  path: string;
  params: Record<string, string>;
}

export interface StripeStandin {
  url: string;
  /** The config that points the app's SDK here. */
  config: StripeConfig;
  requests: StandinRequest[];
  /** Subscriptions as "Stripe" holds them: what retrieve answers and cancel changes. */
  subscriptions: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export const standinWebhookSecret = 'whsec_standin_secret_for_tests';

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

/**
 * A local HTTP server answering the few Stripe API calls Broadsheet makes (Customer create,
 * Checkout Session create, Portal Session create, Subscription retrieve and cancel), so the
 * real SDK runs against it: Stripe itself cannot be reached from the test machines.
 */
export async function startStripeStandin(): Promise<StripeStandin> {
  const requests: StandinRequest[] = [];
  const subscriptions = new Map<string, Record<string, unknown>>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_standin${++counter}`;
  let base = '';

  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    requests.push({ method: req.method ?? 'GET', path, params });
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': nextId('req') });
      res.end(JSON.stringify(body));
    };
    const created = Math.floor(Date.now() / 1000);
    const sub = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);

    if (req.method === 'POST' && path === '/v1/customers') return answer(200, { id: nextId('cus'), object: 'customer', email: params.email ?? null, created });
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const id = nextId('cs');
      return answer(200, { id, object: 'checkout.session', mode: params.mode, url: `${base}/pay/${id}`, customer: params.customer ?? null, status: 'open', created });
    }
    if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
      const id = nextId('bps');
      return answer(200, { id, object: 'billing_portal.session', customer: params.customer, url: `${base}/portal/${id}`, return_url: params.return_url, created });
    }
    if (sub && req.method === 'GET') {
      const found = subscriptions.get(sub[1]!);
      return found ? answer(200, found) : answer(404, { error: { type: 'invalid_request_error', message: `No such subscription: '${sub[1]}'` } });
    }
    if (sub && req.method === 'DELETE') {
      const found = subscriptions.get(sub[1]!) ?? { id: sub[1], object: 'subscription' };
      const cancelled = { ...found, status: 'canceled', canceled_at: created };
      subscriptions.set(sub[1]!, cancelled);
      return answer(200, cancelled);
    }
    answer(404, { error: { type: 'invalid_request_error', message: `The stand-in does not answer ${req.method} ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    config: { secretKey: 'sk_test_standin', webhookSecret: standinWebhookSecret, apiUrl: base },
    requests,
    subscriptions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let eventCounter = 0;

/** A Stripe event as the webhook receives it. `created` is Unix seconds. */
export function stripeEvent(type: string, object: Record<string, unknown>, options: { created: number; id?: string }) {
  return { id: options.id ?? `evt_test${++eventCounter}_${process.pid}`, object: 'event', type, created: options.created, api_version: '2026-10-28', livemode: false, data: { object } };
}

/** A subscription object as Stripe's events carry it (the period end on the item, as newer API versions put it). */
export function subscriptionObject(
  id: string,
  fields: { customer: string; status: string; periodEnd: number; amount?: number; currency?: string; interval?: 'month' | 'year'; cancelAtPeriodEnd?: boolean; metadata?: Record<string, string> },
) {
  return {
    id,
    object: 'subscription',
    customer: fields.customer,
    status: fields.status,
    cancel_at_period_end: fields.cancelAtPeriodEnd ?? false,
    metadata: fields.metadata ?? { kind: 'membership' },
    items: {
      object: 'list',
      data: [
        {
          id: `si_${id}`,
          object: 'subscription_item',
          current_period_end: fields.periodEnd,
          price: { id: `price_${id}`, object: 'price', unit_amount: fields.amount ?? 500, currency: fields.currency ?? 'gbp', recurring: { interval: fields.interval ?? 'month' } },
        },
      ],
    },
  };
}

/** The body and headers of a webhook delivery, signed with the SDK's own test helper. */
export function signedWebhook(event: unknown, secret = standinWebhookSecret): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
}
