import type { FC } from 'hono/jsx';
import type { Article } from '../../content/article-store.js';
import type { Revision } from '../../content/editorial.js';
import type { DiffSegment } from '../../content/revision-text.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import { PostForm, Select } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';
import { BackToArticle } from './ArticleActions.js';

export interface RevisionDiff {
  from: number;
  to: number;
  segments: DiffSegment[];
}

/**
 * Changes marked as an editor marks copy: added words underlined, removed words struck
 * through, each also coloured and named for screen readers, wrapping on any width.
 */
export const RevisionDiffView: FC<{ diff: RevisionDiff }> = ({ diff }) => (
  <section aria-labelledby="diff-heading" class="preview-rev-section">
    <h2 id="diff-heading">
      Changes from version {diff.from} to version {diff.to}
    </h2>
    <p class="preview-rev-legend">
      <ins class="preview-ins">Added text is underlined</ins> · <del class="preview-del">removed text is struck through</del>
    </p>
    {diff.segments.every((s) => s.change === 'same') ? (
      <p>These two versions are the same.</p>
    ) : (
      <div class="preview-rev-diff">
        {diff.segments.map((s) =>
          s.change === 'added' ? (
            <ins class="preview-ins">{s.text}</ins>
          ) : s.change === 'removed' ? (
            <del class="preview-del">{s.text}</del>
          ) : (
            s.text
          ),
        )}
      </div>
    )}
  </section>
);

export const RevisionsPage: FC<{ article: Article; revisions: Revision[]; diff?: RevisionDiff; csrfToken: string; canRestore: boolean }> = ({
  article,
  revisions,
  diff,
  csrfToken,
  canRestore,
}) => {
  const versions = revisions.map((r) => ({ value: String(r.version), label: `Version ${r.version}` }));
  // By default, compare the newest revision with the one before it.
  const to = diff?.to ?? revisions[0]?.version;
  const from = diff?.from ?? revisions[1]?.version ?? to;
  return (
    <AdminLayout
      title={`Revisions: ${article.headline}`}
      styles={['/static/newsroom-preview.css']}
      width="wide"
      actions={<BackToArticle articleId={article.id} />}
    >
      {revisions.length === 0 ? (
        <EmptyState title="No revisions yet">
          <p>A revision is kept for every save once the article is published.</p>
        </EmptyState>
      ) : (
        <>
          <form method="get" action={`/admin/articles/${article.id}/revisions`} class="preview-rev-compare" aria-label="Compare two versions">
            <Select id="rev-from" label="Compare" name="from" options={versions} value={String(from)} />
            <Select id="rev-to" label="with" name="to" options={versions} value={String(to)} />
            <Button variant="primary">Show changes</Button>
          </form>
          {diff && <RevisionDiffView diff={diff} />}
          <h2 class="preview-rev-list-heading">Every version</h2>
          <DataTable
            caption="Revisions, newest first"
            columns={[
              { key: 'version', label: 'Version', numeric: true },
              { key: 'saved', label: 'Saved' },
              { key: 'headline', label: 'Headline', wide: true },
              { key: 'actions', label: 'Actions' },
            ]}
          >
            {revisions.map((r) => (
              <tr>
                <td class="num">{r.version}</td>
                <td>
                  <LocalTime iso={r.createdAt} />
                </td>
                <td class="wide">{r.snapshot.headline}</td>
                <td>
                  {canRestore && r.version !== article.version ? (
                    <PostForm action={`/admin/articles/${article.id}/revisions/${r.version}/restore`} csrfToken={csrfToken} class="preview-rev-restore">
                      <input type="hidden" name="version" value={article.version} />
                      <Button>Restore version {r.version}</Button>
                    </PostForm>
                  ) : r.version === article.version ? (
                    'Current'
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </AdminLayout>
  );
};
