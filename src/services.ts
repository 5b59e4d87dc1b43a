import { join } from 'node:path';
import type { Logger } from 'pino';
import { accountService } from './accounts/account-service.js';
import { authorize } from './accounts/policy.js';
import { userService } from './accounts/users.js';
import { deskService } from './desk/desk-service.js';
import type { Config } from './config.js';
import { archiveService } from './content/archive.js';
import { changeFeed } from './content/change-feed.js';
import { changeStore } from './content/change-store.js';
import { listingService } from './content/listings.js';
import { articleListService } from './content/article-list.js';
import { articleService } from './content/articles.js';
import { editorialService } from './content/editorial.js';
import { correctionService } from './content/corrections.js';
import { draftNoteService } from './content/draft-notes.js';
import { sharePreviewService } from './content/share-previews.js';
import { ContentEvents } from './content/events.js';
import { frontService } from './fronts/front-service.js';
import { taxonomyService } from './content/taxonomy.js';
import type { Database } from './db/connection.js';
import { mediaService } from './media/media-service.js';
import { mediaStorage } from './media/media-storage.js';
import { membershipService } from './members/memberships.js';
import { planService } from './members/plans.js';
import { memberAdminService } from './members/admin/member-admin.js';
import { importService } from './importers/import-service.js';
import { accessService } from './access/access-service.js';
import { supporterGoal } from './asks/supporter-goal.js';
import { askReminders } from './asks/reminders.js';
import { rateLimiter } from './limits/rate-limiter.js';
import { readerAccountService } from './readers/reader-accounts.js';
import { newsletterService, type NewsletterConfig } from './newsletters/newsletter-service.js';
import { pageService } from './pages/page-service.js';
import { topicReviewService } from './topics/topic-review.js';
import { topicSuggestionService } from './topics/topic-service.js';
import { onThisDayService } from './search/on-this-day.js';
import { searchService } from './search/search-service.js';
import { shareCardService } from './site/share-card/share-card-service.js';
import { uploadedPictureStore } from './reader-ui/uploaded-pictures-store.js';
import { siteSettingsService } from './settings/site-settings.js';
import { analyticsService } from './analytics/analytics-service.js';
import { apiKeyService } from './api/keys/api-keys.js';
import { contentApiService } from './api/content/content-api.js';
import { linkClickService } from './analytics/links/link-clicks.js';
import { newsroomAnalytics } from './analytics/reports/newsroom-analytics.js';
import { webhookService } from './webhooks/webhook-service.js';
import { connectWebhooks } from './webhooks/listeners.js';
import { fediverseService, type FediverseSwitches } from './fediverse/fediverse-service.js';

/**
 * Every service, wired to one database. Routes and CLI commands receive this and
 * never touch the database themselves.
 */
export function createServices(database: Database, config: Pick<Config, 'timeZone'> & Partial<Pick<Config, 'dataDir' | 's3'>> & Partial<Pick<Config, 'stripe'>> & NewsletterConfig & FediverseSwitches & { logger?: Logger; now?: () => Date }) {
  const { db } = database;
  // Every change is also recorded in the change feed, for the site's other processes.
  const events = new ContentEvents(changeStore(db, { notify: database.dialect.name === 'postgres' }));
  const articles = articleService(db, { timeZone: config.timeZone, events });
  const taxonomy = taxonomyService(db, events);
  const users = userService(db);
  const editorial = editorialService(db, articles, { authorize, timeZone: config.timeZone });
  const newsletters = newsletterService(database, config, { events, articles, taxonomy });
  // Uploads and imported pictures share one store: the bucket (S3_URL) or DATA_DIR/media.
  const storage = mediaStorage(config);
  const analytics = analyticsService(database, { timeZone: config.timeZone, now: config.now });
  const memberships = membershipService(db, { stripe: config.stripe, siteUrl: config.siteUrl ?? 'http://localhost', now: config.now });
  const services = {
    database,
    events,
    changes: changeFeed(database, events),
    articles,
    taxonomy,
    media: mediaService(db, { storage }),
    editorial,
    sharePreviews: sharePreviewService(db, { editorial, articles }, { authorize }),
    draftNotes: draftNoteService(db, { editorial }),
    corrections: correctionService(db),
    newsletters,
    users,
    accounts: accountService(db, users, config),
    desk: deskService(db, { events, taxonomy, articles, newsletters }),
    imports: importService(database, { timeZone: config.timeZone, events, mediaStorage: storage }),
    topicSuggestions: topicSuggestionService(db),
    topics: topicReviewService(db, events),
    search: searchService(database, { timeZone: config.timeZone }),
    onThisDay: onThisDayService(database, { timeZone: config.timeZone }),
    archive: archiveService(db),
    shareCards: shareCardService(db, { dir: join(config.dataDir ?? './data', 'cards') }),
    uploadedPictures: uploadedPictureStore(db),
    fronts: frontService(db, { events, articles, taxonomy }),
    pages: pageService(db, { events, sections: taxonomy }),
    listings: listingService(db),
    articleList: articleListService(database),
    settings: siteSettingsService(db, events),
    limits: rateLimiter(db),
    readerAccounts: readerAccountService(db, config, { linkTokens: newsletters.tokens, now: config.now, events }),
    plans: planService(db, events),
    memberships,
    memberAdmin: memberAdminService(db, { memberships }),
    analytics,
    apiKeys: apiKeyService(db, { now: config.now }),
    linkClicks: linkClickService(db, { links: newsletters.clickLinks }),
    newsroomAnalytics: newsroomAnalytics(database, { reports: analytics.reports, articles, timeZone: config.timeZone }),
    webhooks: webhookService(database, { siteUrl: config.siteUrl ?? 'http://localhost', now: config.now }),
    fediverse: fediverseService(database, { events, articles }, { siteUrl: config.siteUrl ?? 'http://localhost', siteName: config.siteName ?? 'The Meridian', allowPrivateAddress: config.fediverseAllowPrivateAddress, inboxLimits: config.fediverseInboxLimits, logger: config.logger, now: config.now }),
  };
  // A deleted reader's subscription is cancelled at Stripe first, and their payments kept only as amounts.
  services.readerAccounts.onBeforeDelete((readerId) => memberships.beforeReaderDeleted(readerId));
  // Articles published, members joining, issues sent: queued for the webhooks that asked, just after each change.
  connectWebhooks(services.webhooks, { events, articles, newsletters }, { siteUrl: config.siteUrl ?? 'http://localhost', logger: config.logger });
  memberships.onStandingChange((readerId) => events.happened({ type: 'member.updated', readerId }));
  // Who may read what, decided per request from the newsroom's and the reader's cookies and the meter's.
  const access = accessService(database, config, {
    settings: services.settings,
    events,
    standing: { staffSessions: services.accounts.sessions, readerAccounts: services.readerAccounts, memberships },
    now: config.now,
  });
  return {
    ...services,
    access,
    supporterGoal: supporterGoal(db, { settings: services.settings, now: config.now }),
    contentApi: contentApiService(db, { plans: services.plans, pages: services.pages, events, now: config.now }),
    askReminders: askReminders(db, config, { limits: services.limits, currentMonth: access.currentMonth, now: config.now }),
  };
}

export type Services = ReturnType<typeof createServices>;
