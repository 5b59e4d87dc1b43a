import type { Child, FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import { LinkButton } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { LocalTime } from '../components/LocalTime.js';
import { StatusPill } from '../articles/list-view.js';
import type { Dashboard } from './dashboard-service.js';

const numberFormat = new Intl.NumberFormat('en-GB');

/** One dashboard block: a heading, a link to the whole list, and the rows or what to do when there are none. */
const Block: FC<{ id: string; title: string; more: { href: string; label: string }; children?: Child }> = ({ id, title, more, children }) => (
  <section class="panel" aria-labelledby={id}>
    <div class="panel-header">
      <h2 id={id}>{title}</h2>
      <a href={more.href}>{more.label}</a>
    </div>
    {children}
  </section>
);

const ArticleRows: FC<{ articles: ArticleSummary[]; time: (a: ArticleSummary) => Child }> = ({ articles, time }) => (
  <ul class="stack-list">
    {articles.map((a) => (
      <li>
        <a href={`/admin/articles/${a.id}`}>{a.headline || 'Untitled'}</a>
        <p class="meta">
          {a.section.name} · {time(a)}
        </p>
      </li>
    ))}
  </ul>
);

const updated = (a: ArticleSummary) => (
  <>
    changed <LocalTime iso={a.updatedAt} />
  </>
);

/** /admin: what a newsroom person needs first, each block a glance with a link to the full list. */
export const DashboardPage: FC<{ dashboard: Dashboard; canWrite: boolean }> = ({ dashboard: d, canWrite }) => (
  <AdminLayout title="Dashboard" width="wide" actions={canWrite ? <LinkButton href="/admin/articles/new" variant="primary">New article</LinkButton> : undefined}>
    <div class="grid-cards">
      <Block id="drafts-heading" title="My drafts" more={{ href: '/admin/articles?status=draft', label: 'All drafts' }}>
        {d.drafts.articles.length ? (
          <ArticleRows articles={d.drafts.articles} time={updated} />
        ) : d.drafts.noByline ? (
          <EmptyState title="No author profile">Your account writes under no byline, so it has no drafts of its own. An admin can link one.</EmptyState>
        ) : (
          <EmptyState title="No drafts" action={canWrite ? <a href="/admin/articles/new">Start an article</a> : undefined}>
            Everything you started has been submitted or published.
          </EmptyState>
        )}
      </Block>
      {d.review && (
        <Block id="review-heading" title="Waiting for review" more={{ href: '/admin/articles?status=in_review', label: 'All in review' }}>
          {d.review.length ? (
            <ArticleRows articles={d.review} time={(a) => <>{a.authors.map((x) => x.name).join(', ') || 'No byline'} · submitted, changed <LocalTime iso={a.updatedAt} /></>} />
          ) : (
            <EmptyState title="Nothing waiting">Submitted articles appear here for an editor to read and publish.</EmptyState>
          )}
        </Block>
      )}
      <Block id="scheduled-heading" title="Scheduled" more={{ href: '/admin/articles?status=scheduled', label: 'All scheduled' }}>
        {d.scheduled.length ? (
          <ul class="stack-list">
            {d.scheduled.map(({ article, at }) => (
              <li>
                <a href={`/admin/articles/${article.id}`}>{article.headline || 'Untitled'}</a>
                <p class="meta">
                  {article.section.name} · publishes <LocalTime iso={at} />
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="Nothing scheduled">Schedule an article from its publish panel to have it go live on its own.</EmptyState>
        )}
      </Block>
      <Block id="published-heading" title="Recently published" more={{ href: '/admin/articles?status=published&sort=published', label: 'All published' }}>
        {d.published.length ? (
          <ArticleRows articles={d.published} time={(a) => <>published <LocalTime iso={a.publishedAt ?? a.updatedAt} /></>} />
        ) : (
          <EmptyState title="Nothing published yet">Published articles appear here, newest first.</EmptyState>
        )}
      </Block>
      {d.sends && (
        <Block id="sends-heading" title="Sends in progress" more={{ href: '/admin/newsletters', label: 'Newsletters' }}>
          {d.sends.length ? (
            <ul class="stack-list">
              {d.sends.map((s) => (
                <li>
                  <a href={`/admin/newsletters/${s.newsletter.slug}`}>{s.newsletter.name}</a>: {s.subject}
                  <p class="meta">
                    {numberFormat.format(s.sent)} of {numberFormat.format(s.total)} sent{s.failed ? `, ${numberFormat.format(s.failed)} failed` : ''}
                    {s.startedAt && (
                      <>
                        {' · started '}
                        <LocalTime iso={s.startedAt} />
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No sends under way">Newsletters go out at their scheduled times; a send shows here while it runs.</EmptyState>
          )}
        </Block>
      )}
      {d.signups && (
        <Block id="signups-heading" title="Signups this week" more={{ href: '/admin/newsletters', label: 'Newsletters' }}>
          {d.signups.perNewsletter.length ? (
            <>
              <p>
                <strong>{numberFormat.format(d.signups.perNewsletter.reduce((n, s) => n + s.signups, 0))}</strong> new confirmed subscriptions since{' '}
                <LocalTime iso={d.signups.since} />
              </p>
              <ul class="stack-list">
                {d.signups.perNewsletter.map((s) => (
                  <li>
                    <a href={`/admin/newsletters/${s.slug}`}>{s.name}</a>: {numberFormat.format(s.signups)}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <EmptyState title="No new subscribers this week">
              Confirmed signups of the last seven days (since <LocalTime iso={d.signups.since} />) show here per newsletter.
            </EmptyState>
          )}
        </Block>
      )}
    </div>
  </AdminLayout>
);
