import type { Logger } from 'pino';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import type { NewsletterService } from '../newsletters/newsletter-service.js';
import { articleData } from './payloads.js';
import type { WebhookService } from './webhook-service.js';

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
  const offChange = sources.events.onChange((change) => {
    if (change.entity !== 'article' || !change.action) return;
    webhooks.emitSoon(
      `article.${change.action}`,
      async () => {
        const article = await sources.articles.get(change.id);
        return article && { article: articleData(article, options.siteUrl) };
      },
      onError,
    );
  });
  const offHappening = sources.events.onHappening((happening) => {
    if (happening.type === 'newsletter.issue.sent') {
      webhooks.emitSoon(
        happening.type,
        async () => {
          const issue = await sources.newsletters.issues.get(happening.issueId);
          if (!issue) return undefined;
          const newsletter = (await sources.newsletters.list()).find((n) => n.id === issue.newsletterId);
          return {
            issue: { id: issue.id, subject: issue.subject, recipients: issue.recipients, sent_at: issue.sentAt, newsletter: newsletter && { id: newsletter.id, slug: newsletter.slug, name: newsletter.name } },
          };
        },
        onError,
      );
    } else {
      webhooks.emitSoon(
        happening.type,
        async () => {
          const member = await webhooks.member(happening.readerId);
          return member && { member };
        },
        onError,
      );
    }
  });
  return () => {
    offChange();
    offHappening();
  };
}
