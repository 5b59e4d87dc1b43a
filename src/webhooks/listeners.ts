import type { Logger } from 'pino';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import type { NewsletterService } from '../newsletters/newsletter-service.js';
import { articleData } from './payloads.js';
import type { WebhookService, WebhookSubject } from './webhook-service.js';

export interface WebhookSources {
  events: ContentEvents;
  articles: Pick<ArticleService, 'get'>;
  newsletters: Pick<NewsletterService, 'issues' | 'list'>;
}

/**
 * Turns what the newsroom does into webhook events: articles published, updated (while live) and
 * unpublished, members joining and changing, newsletter issues sent. Each is queued just after
 * the change, off its request's path; the payload is read then, so it says what was committed.
 */
export function connectWebhooks(webhooks: WebhookService, sources: WebhookSources, options: { siteUrl: string; logger?: Logger }): () => void {
  const onError = (error: unknown) => options.logger?.error({ err: error }, 'queueing a webhook failed');
  webhooks.readPayloadsWith((subject) => payloadOf(subject, webhooks, sources, options.siteUrl));
  const offChange = sources.events.onChange((change) => {
    if (change.entity === 'article' && change.action) webhooks.emitSoon({ event: `article.${change.action}`, id: change.id }, onError);
  });
  const offHappening = sources.events.onHappening((happening) =>
    webhooks.emitSoon({ event: happening.type, id: happening.type === 'newsletter.issue.sent' ? happening.issueId : happening.readerId }, onError),
  );
  return () => {
    offChange();
    offHappening();
  };
}

/** The data of the event `subject` names, read now; undefined once its article, issue or member is gone. */
async function payloadOf({ event, id }: WebhookSubject, webhooks: WebhookService, sources: WebhookSources, siteUrl: string): Promise<unknown> {
  if (event.startsWith('article.')) {
    const article = await sources.articles.get(id);
    return article && { article: articleData(article, siteUrl) };
  }
  if (event === 'newsletter.issue.sent') {
    const issue = await sources.newsletters.issues.get(id);
    if (!issue) return undefined;
    const newsletter = (await sources.newsletters.list()).find((n) => n.id === issue.newsletterId);
    return {
      issue: { id: issue.id, subject: issue.subject, recipients: issue.recipients, sent_at: issue.sentAt, newsletter: newsletter && { id: newsletter.id, slug: newsletter.slug, name: newsletter.name } },
    };
  }
  const member = await webhooks.member(id);
  return member && { member };
}
