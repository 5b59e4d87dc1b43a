import type { FC } from 'hono/jsx';
import type { ListDir, ListSort, NewsroomListPage } from '../../content/article-list.js';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Author, Section } from '../../content/taxonomy.js';
import { statuses } from '../../content/workflow.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button, LinkButton } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import { Field, Select } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';

export const statusLabel: Record<string, string> = { draft: 'Draft', in_review: 'In review', scheduled: 'Scheduled', published: 'Published', unpublished: 'Unpublished' };

/** An article's status as a pill: the word, with a colour that repeats it. */
export const StatusPill: FC<{ status: string }> = ({ status }) => <span class={`status status-${status}`}>{statusLabel[status] ?? status}</span>;

/** What the list shows: its filters and order, and where in it (a display number; the cursor decides the rows). */
export interface ListView {
  status?: string;
  section?: string;
  author?: string;
  q?: string;
  sort: ListSort;
  dir: ListDir;
  /** Undefined when reached from the end of a list too long to count. */
  page?: number;
}

const numberFormat = new Intl.NumberFormat('en-GB');

/** The list's URL with these changes; empty values are left out so links stay short. */
export function listHref(view: ListView, change: Partial<ListView> & { after?: string; before?: string; last?: boolean } = {}): string {
  const v = { ...view, ...change };
  const params = new URLSearchParams();
  for (const key of ['status', 'section', 'author', 'q'] as const) if (v[key]) params.set(key, v[key]!);
  if (v.sort !== 'updated' || v.dir !== 'desc') params.set('sort', v.sort);
  if (v.dir !== (v.sort === 'headline' ? 'asc' : 'desc')) params.set('dir', v.dir);
  if (change.after) params.set('after', change.after);
  if (change.before) params.set('before', change.before);
  if (change.last) params.set('last', '1');
  if (v.page !== undefined && v.page > 1 && !change.last) params.set('page', String(v.page));
  const query = params.toString();
  return `/admin/articles${query ? `?${query}` : ''}`;
}

const columns = [
  { key: 'headline', label: 'Headline', sortable: true },
  { key: 'status', label: 'Status' },
  { key: 'section', label: 'Section', wide: true },
  { key: 'authors', label: 'Authors', wide: true },
  { key: 'updated', label: 'Updated', sortable: true },
  { key: 'published', label: 'Published', sortable: true, wide: true },
];

const sortNames: Record<ListSort, Record<ListDir, string>> = {
  updated: { desc: 'most recently changed first', asc: 'least recently changed first' },
  published: { desc: 'newest published first, never published last', asc: 'never published first, then oldest published' },
  headline: { asc: 'by headline, A to Z', desc: 'by headline, Z to A' },
};

/** First, previous, next and last pages; page links carry the row they continue from. */
const ListPager: FC<{ view: ListView; list: NewsroomListPage; lastPage?: number }> = ({ view, list, lastPage }) => {
  if (!list.previous && !list.next) return null;
  const first = listHref(view, { page: 1 });
  return (
    <nav class="pager" aria-label="Pages of articles">
      <span class="button-row">
        {list.previous && (
          <>
            <a href={first} class="btn btn-quiet">
              First
            </a>
            <a href={view.page === 2 ? first : listHref(view, { page: view.page && view.page - 1, before: list.previous })} rel="prev" class="btn btn-secondary">
              ← Previous
            </a>
          </>
        )}
      </span>
      <span class="pager-place">{view.page === undefined ? 'Towards the end' : lastPage ? `Page ${view.page} of ${numberFormat.format(lastPage)}` : `Page ${view.page}`}</span>
      <span class="button-row">
        {list.next && (
          <>
            <a href={listHref(view, { page: view.page && view.page + 1, after: list.next })} rel="next" class="btn btn-secondary">
              Next →
            </a>
            <a href={listHref(view, { last: true })} class="btn btn-quiet">
              Last
            </a>
          </>
        )}
      </span>
    </nav>
  );
};

const Row: FC<{ a: ArticleSummary }> = ({ a }) => (
  <tr>
    <td>
      <a href={`/admin/articles/${a.id}`}>{a.headline || 'Untitled'}</a>
    </td>
    <td>
      <StatusPill status={a.status} />
    </td>
    <td class="wide">{a.section.name}</td>
    <td class="wide">{a.authors.map((x) => x.name).join(', ')}</td>
    <td>
      <LocalTime iso={a.updatedAt} />
    </td>
    <td class="wide">{a.publishedAt ? <LocalTime iso={a.publishedAt} format="date" /> : <span class="meta">Not yet</span>}</td>
  </tr>
);

/** /admin/articles: every article the user may see, filtered, sorted and paged. */
export const ArticleListPage: FC<{ list: NewsroomListPage; view: ListView; sections: Section[]; authors: Author[]; canWrite: boolean }> = ({
  list,
  view,
  sections,
  authors,
  canWrite,
}) => {
  const filtered = Boolean(view.status || view.section || view.author || view.q);
  const perPage = 50;
  const lastPage = list.countCapped ? undefined : Math.max(1, Math.ceil(list.total / perPage));
  const count = list.countCapped ? `More than ${numberFormat.format(list.total)}` : numberFormat.format(list.total);
  return (
    <AdminLayout title="Articles" width="wide" actions={canWrite ? <LinkButton href="/admin/articles/new" variant="primary">New article</LinkButton> : undefined}>
      <form method="get" action="/admin/articles" class="filters" role="search" aria-label="Filter articles">
        <Select id="filter-status" label="Status" name="status" value={view.status} options={[{ value: '', label: 'Any' }, ...statuses.map((s) => ({ value: s, label: statusLabel[s]! }))]} />
        <Select id="filter-section" label="Section" name="section" value={view.section} options={[{ value: '', label: 'Any' }, ...sections.map((s) => ({ value: s.slug, label: s.name }))]} />
        <Select id="filter-author" label="Author" name="author" value={view.author} options={[{ value: '', label: 'Any' }, ...authors.map((a) => ({ value: a.slug, label: a.name }))]} />
        <Field id="filter-q" label="Headline contains" name="q" type="search" value={view.q} class="field-grow" maxlength={200} />
        {view.sort !== 'updated' && <input type="hidden" name="sort" value={view.sort} />}
        {view.dir !== (view.sort === 'headline' ? 'asc' : 'desc') && <input type="hidden" name="dir" value={view.dir} />}
        <div class="button-row">
          <Button variant="secondary">Filter</Button>
          {filtered && (
            <a href={listHref({ sort: view.sort, dir: view.dir, page: 1 })} class="btn btn-quiet">
              Clear
            </a>
          )}
        </div>
      </form>
      {list.articles.length === 0 ? (
        filtered ? (
          <EmptyState title="No articles match" action={<a href={listHref({ sort: view.sort, dir: view.dir, page: 1 })}>Show every article</a>}>
            Try another status, section or author, or fewer words in the headline search.
          </EmptyState>
        ) : (
          <EmptyState title="No articles yet" action={canWrite ? <a href="/admin/articles/new">Write the first one</a> : undefined}>
            Articles you write or may read appear here.
          </EmptyState>
        )
      ) : (
        <>
          <p class="meta" id="list-count">
            {count} {list.total === 1 && !list.countCapped ? 'article' : 'articles'}, {sortNames[view.sort][view.dir]}
          </p>
          <DataTable
            caption={`Articles, ${sortNames[view.sort][view.dir]}`}
            columns={columns}
            sort={{ key: view.sort, dir: view.dir }}
            sortHref={(key, dir) => listHref({ ...view, sort: key as ListSort, dir, page: 1 })}
          >
            {list.articles.map((a) => (
              <Row a={a} />
            ))}
          </DataTable>
          <ListPager view={view} list={list} lastPage={lastPage} />
        </>
      )}
    </AdminLayout>
  );
};
