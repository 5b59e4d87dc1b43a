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
  /** Where the hosted Checkout page delivers its webhook events: the site's `/members/stripe/webhook`. */
  webhookUrl: string | undefined;
  /** Signs and delivers one event to `webhookUrl` as Stripe would; answers the site's status. */
  deliver(event: unknown, secret?: string): Promise<number>;
  close(): Promise<void>;
}

export interface StandinOptions {
  /** The clock events are dated by (`created`, periods): the test's, when it moves time. */
  now?: () => Date;
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

const MONTH_SECONDS = 30 * 86_400;

/** The hosted Checkout page: what the session sells and one button that "pays". */
const checkoutPage = (id: string, session: Record<string, string>) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stand-in Checkout</title></head>
<body><main><h1>Stand-in Checkout</h1>
<p>${(session['line_items[0][price_data][product_data][name]'] ?? '').replace(/[<>&"]/g, '')}: ${session['line_items[0][price_data][unit_amount]'] ?? ''} ${session['line_items[0][price_data][currency]'] ?? ''}</p>
<form method="post" action="/pay/${id}"><label>Email <input name="email" type="email" value=""></label> <button type="submit">Pay</button></form>
</main></body></html>`;

/**
 * A local HTTP server answering the few Stripe API calls Broadsheet makes (Customer create,
 * Checkout Session create, Portal Session create, Subscription retrieve and cancel), so the
 * real SDK runs against it: Stripe itself cannot be reached from the test machines. A Checkout
 * Session's url is a page here with a Pay button; paying makes the customer and subscription,
 * delivers checkout.session.completed, customer.subscription.created and invoice.paid, signed,
 * to `webhookUrl`, and sends the browser on to the session's success_url.
 */
export async function startStripeStandin(options: StandinOptions = {}): Promise<StripeStandin> {
  const requests: StandinRequest[] = [];
  const subscriptions = new Map<string, Record<string, unknown>>();
  const customers = new Map<string, string | null>();
  const sessions = new Map<string, Record<string, string>>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_standin${++counter}`;
  const clock = options.now ?? (() => new Date());
  const seconds = () => Math.floor(clock().getTime() / 1000);
  let base = '';

  const standin = {
    webhookUrl: undefined as string | undefined,
    async deliver(event: unknown, secret = standinWebhookSecret): Promise<number> {
      if (!standin.webhookUrl) throw new Error('the stand-in has no webhookUrl to deliver to');
      const { body, headers } = signedWebhook(event, secret);
      const res = await fetch(standin.webhookUrl, { method: 'POST', body, headers });
      await res.arrayBuffer();
      return res.status;
    },
  };

  /** What paying a session does at Stripe, told to the site in the order Stripe tells it. */
  async function pay(id: string, session: Record<string, string>, email: string): Promise<void> {
    const created = seconds();
    const customer = session.customer ?? nextId('cus');
    if (!customers.has(customer)) customers.set(customer, email || null);
    const customerEmail = customers.get(customer) ?? email;
    const metadata = Object.fromEntries(
      Object.entries(session)
        .filter(([k]) => k.startsWith('metadata['))
        .map(([k, v]) => [k.slice('metadata['.length, -1), v]),
    );
    const amount = Number(session['line_items[0][price_data][unit_amount]'] ?? 0);
    const currency = session['line_items[0][price_data][currency]'] ?? 'gbp';
    const interval = session['line_items[0][price_data][recurring][interval]'] as 'month' | 'year' | undefined;
    let subscription: string | null = null;
    if (session.mode === 'subscription') {
      subscription = nextId('sub');
      const periodEnd = created + (interval === 'year' ? 12 * MONTH_SECONDS : MONTH_SECONDS);
      subscriptions.set(subscription, subscriptionObject(subscription, { customer, status: 'active', periodEnd, amount, currency, interval, metadata }));
    }
    const completed = {
      id,
      object: 'checkout.session',
      mode: session.mode,
      status: 'complete',
      payment_status: 'paid',
      customer,
      customer_details: { email: customerEmail },
      subscription,
      payment_intent: subscription ? null : nextId('pi'),
      amount_total: amount,
      currency,
      metadata,
    };
    await standin.deliver(stripeEvent('checkout.session.completed', completed, { created }));
    if (!subscription) return;
    await standin.deliver(stripeEvent('customer.subscription.created', subscriptions.get(subscription)!, { created }));
    const invoice = { id: nextId('in'), object: 'invoice', customer, customer_email: customerEmail, subscription, payment_intent: nextId('pi'), amount_paid: amount, currency };
    await standin.deliver(stripeEvent('invoice.paid', invoice, { created }));
  }

  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    requests.push({ method: req.method ?? 'GET', path, params });
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': nextId('req') });
      res.end(JSON.stringify(body));
    };
    const created = seconds();
    const sub = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    const hosted = /^\/pay\/([^/]+)$/.exec(path);

    if (req.method === 'POST' && path === '/v1/customers') {
      const id = nextId('cus');
      customers.set(id, params.email ?? null);
      return answer(200, { id, object: 'customer', email: params.email ?? null, created });
    }
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const id = nextId('cs');
      sessions.set(id, params);
      return answer(200, { id, object: 'checkout.session', mode: params.mode, url: `${base}/pay/${id}`, customer: params.customer ?? null, status: 'open', created });
    }
    if (hosted && sessions.has(hosted[1]!)) {
      const session = sessions.get(hosted[1]!)!;
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(checkoutPage(hosted[1]!, session));
      }
      await pay(hosted[1]!, session, params.email ?? '');
      res.writeHead(303, { location: session.success_url ?? '/' });
      return res.end();
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
  return Object.assign(standin, {
    url: base,
    config: { secretKey: 'sk_test_standin', webhookSecret: standinWebhookSecret, apiUrl: base },
    requests,
    subscriptions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
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
