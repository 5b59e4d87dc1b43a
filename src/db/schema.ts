import type {
  ArticleAuthorsTable,
  ArticleRevisionsTable,
  ArticlesTable,
  ArticleTopicsTable,
  AuthorsTable,
  PrintIssuesTable,
  RedirectsTable,
  SectionsTable,
  TopicsTable,
  UsersTable,
} from './tables/content.js';
import type { LoginFailuresTable, PasswordResetsTable, SessionsTable, TopicRedirectsTable, UserAccountColumns } from './tables/accounts.js';
import type { ArchiveMonthsTable, ListingColumns } from './tables/archive.js';
import type { ArticleAutosavesTable, MediaTable } from './tables/editor.js';
import type { MediaUsesTable, PageMediaUsesTable } from './tables/media.js';
import type { SiteSettingsTable } from './tables/settings.js';
import type { RateLimitsTable } from './tables/limits.js';
import type { ContentChangesTable } from './tables/changes.js';
import type { ArticleCorrectionsTable, ArticleNotesTable, ShareLinksTable } from './tables/preview.js';
import type { FrontPinsTable } from './tables/fronts.js';
import type { PagesTable } from './tables/pages.js';
import type { GiftLinksTable } from './tables/access.js';
import type { AskRemindersTable } from './tables/asks.js';
import type { ApiKeysTable } from './tables/api-keys.js';
import type { NewsletterLinkClicksTable, SourceArticleColumn } from './tables/analytics-attribution.js';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from './tables/webhooks.js';
import type { FediverseActivitiesTable, FediverseArticlesTable, FediverseFollowersTable, FediverseKeysTable, FediverseKvTable, FediverseQueueTable } from './tables/fediverse.js';
import type { ReaderAccountColumns, ReaderSessionsTable, ReaderSignInLinksTable } from './tables/readers.js';
import type { DonationAmountsTable, MemberPaymentsTable, MembershipsTable, MembershipTiersTable, StripeEventsTable, SubscriberBillingColumns } from './tables/members.js';
import type { ComplimentaryMembershipsTable, MemberNotesTable, SubscriberRecordColumns } from './tables/member-records.js';
import type { TopicAliasesTable, TopicReviewColumns } from './tables/topics.js';
import type { AnalyticsDailyTable, AnalyticsDaysTable, AnalyticsHourlyTable, AnalyticsPathsTable, AnalyticsSaltsTable, AnalyticsSourcesTable, AnalyticsViewsTable } from './tables/analytics.js';
import type {
  DeliveriesTable,
  MailOutboxTable,
  NewsletterIssuesTable,
  NewslettersTable,
  SubscribersTable,
  SubscriptionsTable,
  SuppressionsTable,
} from './tables/newsletters.js';

/** Every table Kysely knows; each module declares its own in db/tables/. */
export interface DB {
  sections: SectionsTable;
  authors: AuthorsTable;
  topics: TopicsTable & TopicReviewColumns;
  topic_aliases: TopicAliasesTable;
  print_issues: PrintIssuesTable;
  articles: ArticlesTable;
  archive_months: ArchiveMonthsTable;
  article_authors: ArticleAuthorsTable & ListingColumns;
  article_topics: ArticleTopicsTable & ListingColumns;
  article_revisions: ArticleRevisionsTable;
  redirects: RedirectsTable;
  users: UsersTable & UserAccountColumns;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  password_resets: PasswordResetsTable;
  topic_redirects: TopicRedirectsTable;
  newsletters: NewslettersTable;
  subscribers: SubscribersTable & SubscriberBillingColumns & ReaderAccountColumns & SubscriberRecordColumns;
  member_notes: MemberNotesTable;
  complimentary_memberships: ComplimentaryMembershipsTable;
  subscriptions: SubscriptionsTable & SourceArticleColumn;
  suppressions: SuppressionsTable;
  mail_outbox: MailOutboxTable;
  newsletter_issues: NewsletterIssuesTable;
  deliveries: DeliveriesTable;
  article_autosaves: ArticleAutosavesTable;
  media: MediaTable;
  media_uses: MediaUsesTable;
  page_media_uses: PageMediaUsesTable;
  site_settings: SiteSettingsTable;
  rate_limits: RateLimitsTable;
  content_changes: ContentChangesTable;
  share_links: ShareLinksTable;
  article_notes: ArticleNotesTable;
  article_corrections: ArticleCorrectionsTable;
  front_pins: FrontPinsTable;
  pages: PagesTable;
  reader_sign_in_links: ReaderSignInLinksTable;
  reader_sessions: ReaderSessionsTable;
  membership_tiers: MembershipTiersTable;
  donation_amounts: DonationAmountsTable;
  memberships: MembershipsTable & SourceArticleColumn;
  member_payments: MemberPaymentsTable & SourceArticleColumn;
  newsletter_link_clicks: NewsletterLinkClicksTable;
  stripe_events: StripeEventsTable;
  gift_links: GiftLinksTable;
  ask_reminders: AskRemindersTable;
  analytics_paths: AnalyticsPathsTable;
  analytics_sources: AnalyticsSourcesTable;
  analytics_views: AnalyticsViewsTable;
  analytics_hourly: AnalyticsHourlyTable;
  analytics_daily: AnalyticsDailyTable;
  analytics_days: AnalyticsDaysTable;
  analytics_salts: AnalyticsSaltsTable;
  api_keys: ApiKeysTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  fediverse_kv: FediverseKvTable;
  fediverse_queue: FediverseQueueTable;
  fediverse_keys: FediverseKeysTable;
  fediverse_followers: FediverseFollowersTable;
  fediverse_activities: FediverseActivitiesTable;
  fediverse_articles: FediverseArticlesTable;
}
