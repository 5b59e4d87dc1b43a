import { authorize, can } from '../../accounts/policy.js';
import type { Actor } from '../../content/article-policy.js';
import type { ArticleService } from '../../content/articles.js';
import type { Database } from '../../db/connection.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { AnalyticsReports, ArticleFigures, DayFigures, DayRange, Figures, NamedFigures, SourceFigures } from '../analytics-reports.js';
import { articleConversions, type ArticleConversions } from './attribution-store.js';
import { siteSeries } from './site-series-store.js';

/** The periods the newsroom's pages compare: today, the last 7 and the last 30 days. */
export const PERIODS = [1, 7, 30] as const;
export type Period = (typeof PERIODS)[number];

/** `?days=` as a period, 7 for anything else. */
export const periodOf = (value: string | undefined): Period => PERIODS.find((p) => String(p) === value) ?? 7;

export interface PeriodTotals extends Figures {
  days: Period;
  previous: Figures;
}

/** The site's figures, for the desk. */
export interface SiteDashboard {
  scope: 'site';
  days: Period;
  visitorsNow: number;
  totals: PeriodTotals[];
  /** Views and visitors per day over the last 30 days. */
  series: DayFigures[];
  articles: ArticleFigures[];
  sources: SourceFigures[];
  topics: NamedFigures[];
  authors: NamedFigures[];
}

/** A writer's own articles, and nothing of the rest of the site. */
export interface OwnDashboard {
  scope: 'own';
  days: Period;
  articles: ArticleFigures[];
}

export interface ArticleAnalytics {
  article: { id: number; headline: string; path: string; status: string; publishedAt: string | null };
  /** Views per day from the first counted view to today. */
  series: DayFigures[];
  sources: SourceFigures[];
  conversions: ArticleConversions;
}

const TOP = 20;

/** Whether `user` may see an article's figures: the desk any article's, a writer their own (the rule `article()` enforces). */
export const canSeeAnalytics = (user: Actor, article: { authors: Array<{ id: number }> }) =>
  can(user, 'analytics.site') || (can(user, 'analytics.own') && user.author_id !== null && article.authors.some((a) => a.id === user.author_id));

/**
 * The newsroom's analytics pages' figures, with who may see them decided here: editors and
 * admins see the site's; writers see only their own articles (a colleague's article is refused,
 * not merely left out of a list); contributors see none.
 */
export function newsroomAnalytics(database: Database, deps: { reports: AnalyticsReports; articles: ArticleService; timeZone: string }) {
  const { reports } = deps;
  const range = (days: Period): DayRange => reports.lastDays(days);

  return {
    async dashboard(user: Actor, days: Period): Promise<SiteDashboard | OwnDashboard> {
      if (!can(user, 'analytics.site')) {
        authorize(user, 'analytics.own');
        return { scope: 'own', days, articles: user.author_id === null ? [] : await reports.topArticles(range(days), TOP, user.author_id) };
      }
      const [visitorsNow, totals, series, articles, sources, topics, authors] = await Promise.all([
        reports.visitorsNow(),
        Promise.all(PERIODS.map(async (p) => ({ days: p, ...(await reports.totals(range(p))) }))),
        siteSeries(database.db, range(30), deps.timeZone),
        reports.topArticles(range(days), TOP),
        reports.topSources(range(days), TOP),
        reports.topTopics(range(days), TOP),
        reports.topAuthors(range(days), TOP),
      ]);
      return { scope: 'site', days, visitorsNow, totals, series, articles, sources, topics, authors };
    },

    async article(user: Actor, articleId: number): Promise<ArticleAnalytics> {
      const article = await deps.articles.get(articleId);
      if (!article) throw new NotFoundError(`No article ${articleId}`);
      if (!canSeeAnalytics(user, article)) {
        authorize(user, 'analytics.own');
        throw new ForbiddenError(`A ${user.role} sees the figures of their own articles only`);
      }
      const [series, sources, conversions] = await Promise.all([reports.articleSeries(articleId), reports.articleSources(articleId), articleConversions(database.db, articleId)]);
      // Days before its first counted view (an article older than counting) would be a long run of zeros.
      const first = series.findIndex((d) => d.views > 0);
      return {
        article: { id: article.id, headline: article.headline, path: article.path, status: article.status, publishedAt: article.publishedAt },
        series: first === -1 ? [] : series.slice(first),
        sources,
        conversions,
      };
    },
  };
}

export type NewsroomAnalytics = ReturnType<typeof newsroomAnalytics>;
