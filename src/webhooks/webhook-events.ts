import { z } from 'zod';

/** Every event a subscription can ask for, in the order the newsroom lists them. */
export const webhookEvents = ['article.published', 'article.updated', 'article.unpublished', 'member.created', 'member.updated', 'newsletter.issue.sent'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** Sent only by the newsroom's "Send test" button, to the one subscription it belongs to. */
export const TEST_EVENT = 'webhook.test';

/** What each event means, as the newsroom's form explains it. */
export const eventDescriptions: Record<WebhookEvent, string> = {
  'article.published': 'An article goes live (published now, or a scheduled one comes due)',
  'article.updated': 'A live article is saved again (a correction, an edit)',
  'article.unpublished': 'An article is taken down',
  'member.created': 'A reader signs up or becomes a member for the first time',
  'member.updated': "A member's plan or standing changes (a payment, a lapse, a complimentary membership)",
  'newsletter.issue.sent': 'A newsletter issue has gone out to every subscriber',
};

export const webhookEventSchema = z.enum(webhookEvents, `must be one of ${webhookEvents.join(', ')}`);
