import { ValidationError } from '../errors.js';
import type { SubscriptionService } from './subscriptions.js';

/** An unsubscribe token as `tokens.ts` makes them, wherever it sits in a subject or an address. */
const UNSUBSCRIBE_TOKEN = /(?<![A-Za-z0-9_~.-])u[0-9a-z]{1,12}\.[A-Za-z0-9_~-]*\.[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/g;

/** The candidate tokens of an inbound message: the subject first (our mailto sets it), then the To addresses. */
async function tokensIn(raw: Buffer | string): Promise<string[]> {
  // Loaded on first use: mailparser and its charset tables cost every command's start-up otherwise.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const to = ([] as Array<{ value: Array<{ address?: string }> }>).concat(mail.to ?? []);
  const places = [mail.subject ?? '', ...to.flatMap((a) => a.value.map((v) => v.address ?? ''))];
  return places.flatMap((text) => text.match(UNSUBSCRIBE_TOKEN) ?? []);
}

/**
 * The mailto: half of List-Unsubscribe. A reader's mail program sends a message to
 * MAIL_FROM with `unsubscribe <token>` as its subject; the signed token, not the
 * sender address (easily forged, often an alias), says who leaves which newsletter.
 */
export async function handleUnsubscribeMail(subscriptions: SubscriptionService, raw: Buffer | string) {
  for (const token of await tokensIn(raw)) {
    const result = await subscriptions.unsubscribe(token);
    if (result) return result;
  }
  throw new ValidationError('Not an unsubscribe request', [
    { path: 'message', message: 'no valid unsubscribe token in the subject or the To address (expected "unsubscribe <token>" from a newsletter\'s List-Unsubscribe link)' },
  ]);
}
