import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/webhooks/signature.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the signature verified against the receiver's secret when it arrived. */
  verified: boolean;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The secret signatures are checked with: set it once the subscription is made. */
  secret: string;
  /** Status codes to answer with, one per request in turn; 200 once they run out. */
  answers: number[];
  /** The receiver's clock for the signature's age check (a test with its own clock sets it). */
  now: () => Date;
  /** Resolves once `count` deliveries have arrived in all. */
  waitFor(count: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP endpoint on loopback that records what arrives and checks each signature, as a subscriber's would. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const waiting: Array<{ count: number; resolve: (r: ReceivedWebhook[]) => void }> = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    secret: '',
    answers: [],
    now: () => new Date(),
    waitFor: (count) => new Promise((resolve) => (receiver.received.length >= count ? resolve(receiver.received) : waiting.push({ count, resolve }))),
    close: () => new Promise((done) => server.close(() => done())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({ headers: req.headers, body, verified: verifySignature(receiver.secret, body, req.headers['x-broadsheet-signature'] as string | undefined, receiver.now()) });
      res.writeHead(receiver.answers.shift() ?? 200).end();
      for (const w of waiting.filter((w) => receiver.received.length >= w.count)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(receiver.received);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
