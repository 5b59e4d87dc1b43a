import type { Child, FC } from 'hono/jsx';
import type { ArticleFigures, NamedFigures, SourceFigures } from '../../analytics/analytics-reports.js';
import { PERIODS, type ArticleAnalytics, type OwnDashboard, type Period, type SiteDashboard } from '../../analytics/reports/newsroom-analytics.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { LinkButton } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import { LocalTime } from '../components/LocalTime.js';
import { DayChart } from './DayChart.js';
import { change, count, periodName, sourceName } from './format.js';

/** The island that draws the charts, and the pages' stylesheet (with uPlot's), both built by scripts/build-admin.mjs. */
const chartAssets = { scripts: ['/static/admin/analytics-chart.js'], styles: ['/static/admin/analytics.css'] };

const figureColumns = [
  { key: 'views', label: 'Views', numeric: true },
  { key: 'visitors', label: 'Visitors', numeric: true },
];

/** One table of figures in a panel, headed, with its CSV beside the heading. */
const FiguresPanel: FC<{ id: string; title: string; csvHref: string; empty: string; rows: number; children?: Child }> = ({ id, title, csvHref, empty, rows, children }) => (
  <section class="panel an-panel" aria-labelledby={`${id}-h`}>
    <div class="panel-header">
      <h2 id={`${id}-h`}>{title}</h2>
      <a href={csvHref} download class="an-csv">
        CSV<span class="visually-hidden"> of {title.toLowerCase()}</span>
      </a>
    </div>
    {rows === 0 ? <p class="meta">{empty}</p> : children}
  </section>
);

const ArticleRows: FC<{ articles: ArticleFigures[] }> = ({ articles }) => (
  <DataTable caption="Most-read articles" columns={[{ key: 'article', label: 'Article' }, ...figureColumns]}>
    {articles.map((a) => (
      <tr>
        <td>
          <a href={`/admin/analytics/articles/${a.articleId}`}>{a.headline}</a>
        </td>
        <td class="num">{count(a.views)}</td>
        <td class="num">{count(a.visitors)}</td>
      </tr>
    ))}
  </DataTable>
);

const NamedRows: FC<{ caption: string; rows: NamedFigures[]; label: string }> = ({ caption, rows, label }) => (
  <DataTable caption={caption} columns={[{ key: 'name', label }, ...figureColumns]}>
    {rows.map((r) => (
      <tr>
        <td>{r.name}</td>
        <td class="num">{count(r.views)}</td>
        <td class="num">{count(r.visitors)}</td>
      </tr>
    ))}
  </DataTable>
);

const SourceRows: FC<{ sources: SourceFigures[] }> = ({ sources }) => (
  <DataTable caption="Where readers came from" columns={[{ key: 'source', label: 'Source' }, ...figureColumns]}>
    {sources.map((s) => (
      <tr>
        <td>{sourceName(s.source)}</td>
        <td class="num">{count(s.views)}</td>
        <td class="num">{count(s.visitors)}</td>
      </tr>
    ))}
  </DataTable>
);

/** Today / 7 days / 30 days as links: the top lists follow the choice, and so does the URL. */
const PeriodLinks: FC<{ days: Period }> = ({ days }) => (
  <nav class="an-periods" aria-label="Period of the lists">
    {PERIODS.map((p) => (
      <a href={`/admin/analytics?days=${p}`} class="btn btn-quiet btn-small" aria-current={p === days ? 'page' : undefined}>
        {periodName(p)}
      </a>
    ))}
  </nav>
);

const csv = (table: string, days: Period) => `/admin/analytics/export.csv?table=${table}&days=${days}`;

/** /admin/analytics: the site's readership for the desk, or a writer's own articles. */
export const AnalyticsPage: FC<{ dashboard: SiteDashboard | OwnDashboard }> = ({ dashboard }) => {
  const { days } = dashboard;
  const period = periodName(days).toLowerCase();
  if (dashboard.scope === 'own') {
    return (
      <AdminLayout title="Analytics" width="wide" styles={chartAssets.styles} actions={<PeriodLinks days={days} />}>
        <p class="an-scope">The readership of your own articles. Page views are counted on this server, without cookies; a visitor is counted once a day.</p>
        <FiguresPanel id="an-articles" title={`Your articles, ${period}`} csvHref={csv('articles', days)} empty="None of your articles was read in this period." rows={dashboard.articles.length}>
          <ArticleRows articles={dashboard.articles} />
        </FiguresPanel>
      </AdminLayout>
    );
  }
  const d = dashboard;
  return (
    <AdminLayout title="Analytics" width="wide" {...chartAssets} actions={<PeriodLinks days={days} />}>
      <div class="an-summary">
        <section class="panel an-stat an-now" aria-labelledby="an-now-h">
          <h2 id="an-now-h">Visitors now</h2>
          <p class="an-big">{count(d.visitorsNow)}</p>
          <p class="meta">in the last 5 minutes</p>
        </section>
        {d.totals.map((t) => (
          <section class="panel an-stat" aria-labelledby={`an-total-${t.days}-h`}>
            <h2 id={`an-total-${t.days}-h`}>{periodName(t.days)}</h2>
            <p class="an-big">
              {count(t.views)} <span class="an-unit">{t.views === 1 ? 'view' : 'views'}</span>
            </p>
            <p>
              {count(t.visitors)} {t.visitors === 1 ? 'visitor' : 'visitors'}
            </p>
            <p class="meta an-change">{change(t, t.previous, t.days)}</p>
          </section>
        ))}
      </div>
      <section class="panel" aria-labelledby="an-trend-h">
        <h2 id="an-trend-h">The last 30 days</h2>
        <DayChart id="an-site-chart" title="Views and visitors per day, last 30 days" days={d.series} csvHref="/admin/analytics/export.csv?table=days&days=30" />
      </section>
      <div class="an-grid">
        <FiguresPanel id="an-articles" title={`Top articles, ${period}`} csvHref={csv('articles', days)} empty="No article was read in this period." rows={d.articles.length}>
          <ArticleRows articles={d.articles} />
        </FiguresPanel>
        <FiguresPanel id="an-sources" title={`Top sources, ${period}`} csvHref={csv('sources', days)} empty="No views in this period." rows={d.sources.length}>
          <SourceRows sources={d.sources} />
        </FiguresPanel>
        <FiguresPanel id="an-topics" title={`Top topics, ${period}`} csvHref={csv('topics', days)} empty="No article with a topic was read in this period." rows={d.topics.length}>
          <NamedRows caption="Topics by the views of their articles" rows={d.topics} label="Topic" />
        </FiguresPanel>
        <FiguresPanel id="an-authors" title={`Top authors, ${period}`} csvHref={csv('authors', days)} empty="No bylined article was read in this period." rows={d.authors.length}>
          <NamedRows caption="Authors by the views of their articles" rows={d.authors} label="Author" />
        </FiguresPanel>
      </div>
    </AdminLayout>
  );
};

/** /admin/analytics/articles/:id: one article's readership since publication and what its readers went on to do. */
export const ArticleAnalyticsPage: FC<{ figures: ArticleAnalytics }> = ({ figures }) => {
  const { article, series, sources, conversions } = figures;
  const views = series.reduce((sum, d) => sum + d.views, 0);
  const base = `/admin/analytics/articles/${article.id}`;
  return (
    <AdminLayout
      title={`Analytics: ${article.headline}`}
      width="wide"
      {...chartAssets}
      actions={
        <>
          <LinkButton href={`/admin/articles/${article.id}`}>Edit article</LinkButton>
          {article.status === 'published' && <LinkButton href={article.path}>View on site</LinkButton>}
        </>
      }
    >
      <dl class="an-facts">
        <dt>Published</dt>
        <dd>{article.publishedAt ? <LocalTime iso={article.publishedAt} /> : 'Not published'}</dd>
        <dt>Views</dt>
        <dd>{count(views)}</dd>
        <dt>Newsletter signups</dt>
        <dd>
          {count(conversions.signups)}
          {conversions.pendingSignups > 0 && <span class="meta"> ({count(conversions.pendingSignups)} waiting for confirmation)</span>}
        </dd>
        <dt>Memberships</dt>
        <dd>{count(conversions.memberships)}</dd>
        <dt>Donations</dt>
        <dd>{count(conversions.donations)}</dd>
      </dl>
      <p class="meta">Signups, memberships and donations count those started from this article's page: its signup box, its end-of-article ask and its membership offer.</p>
      <section class="panel" aria-labelledby="an-trend-h">
        <h2 id="an-trend-h">Views over time</h2>
        {series.length === 0 ? (
          <EmptyState title="No views counted yet">Views show here from the first one counted.</EmptyState>
        ) : (
          <DayChart id="an-article-chart" title="Views and visitors per day since its first counted view" days={series} csvHref={`${base}/export.csv?table=days`} />
        )}
      </section>
      <FiguresPanel id="an-sources" title="Sources" csvHref={`${base}/export.csv?table=sources`} empty="No views counted yet." rows={sources.length}>
        <SourceRows sources={sources} />
      </FiguresPanel>
    </AdminLayout>
  );
};
