import { can } from '../../accounts/policy.js';
import { viewableScope, type Actor } from '../../content/article-policy.js';
import { articleListStore } from '../../content/article-list-store.js';
import { articleStore, type ArticleSummary } from '../../content/article-store.js';
import type { Database } from '../../db/connection.js';
import type { SendInProgress } from '../../desk/desk-service.js';
import { dashboardStore } from './dashboard-store.js';

/** Rows per block: a glance, with a link to the full list. */
export const BLOCK_ROWS = 5;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface NewsletterSignups {
  slug: string;
  name: string;
  signups: number;
}

export interface Dashboard {
  /** The user's own drafts; `noByline` when the account has no author profile to own any. */
  drafts: { articles: ArticleSummary[]; noByline: boolean };
  /** Submitted work waiting for an editor: only for those who may publish others' articles. */
  review?: ArticleSummary[];
  scheduled: Array<{ article: ArticleSummary; at: string }>;
  published: ArticleSummary[];
  /** Newsletter blocks, for those who manage newsletters. */
  sends?: SendInProgress[];
  signups?: { since: string; perNewsletter: NewsletterSignups[] };
}

/**
 * What a newsroom person sees first at /admin, by role: their drafts, what waits for review
 * (editors), what is scheduled and recently published (what they may see), and for those
 * who run newsletters, the sends under way and the week's new subscribers.
 */
export function dashboardService(database: Database, deps: { sendsInProgress: (actor: Actor) => Promise<SendInProgress[]> }, options: { now?: () => Date } = {}) {
  const store = dashboardStore(database.db);
  const list = articleListStore(database);
  const articles = articleStore(database.db);
  const now = () => options.now?.() ?? new Date();

  return {
    async forUser(user: Actor): Promise<Dashboard> {
      const scope = viewableScope(user);
      // Editors review anyone's submitted work: the policy lets them publish an article that is not theirs.
      const reviews = can(user, 'article.publish', { status: 'in_review', authors: [] });
      const audience = can(user, 'newsletters.manage');
      const since = new Date(now().getTime() - WEEK_MS).toISOString();
      const [draftIds, reviewPage, scheduledRows, publishedPage, sends, signups] = await Promise.all([
        user.author_id === null ? [] : store.draftsBy(user.author_id, BLOCK_ROWS),
        reviews ? list.page({ status: 'in_review', sort: 'updated', dir: 'desc', stretch: {}, limit: BLOCK_ROWS }) : undefined,
        // Scheduled work is not yet public: outside the desk, only one's own.
        store.scheduled(BLOCK_ROWS, scope ? (scope.authorId ?? -1) : undefined),
        list.page({ status: 'published', viewableBy: scope, sort: 'published', dir: 'desc', stretch: {}, limit: BLOCK_ROWS }),
        audience ? deps.sendsInProgress(user) : undefined,
        audience ? store.signupsSince(since) : undefined,
      ]);
      const [drafts, review, scheduled, published] = await Promise.all([
        articles.summaries(draftIds),
        reviewPage && articles.summaries(reviewPage.rows.map((r) => r.id)),
        articles.summaries(scheduledRows.map((r) => r.id)),
        articles.summaries(publishedPage.rows.map((r) => r.id)),
      ]);
      const when = new Map(scheduledRows.map((r) => [r.id, r.scheduled_for ?? '']));
      return {
        drafts: { articles: drafts, noByline: user.author_id === null },
        review,
        scheduled: scheduled.map((article) => ({ article, at: when.get(article.id)! })),
        published,
        sends,
        signups: signups && { since, perNewsletter: signups.map((s) => ({ slug: s.slug, name: s.name, signups: Number(s.signups) })) },
      };
    },
  };
}

export type DashboardService = ReturnType<typeof dashboardService>;
