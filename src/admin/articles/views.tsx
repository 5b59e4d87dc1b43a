import type { FC } from 'hono/jsx';
import type { Actor } from '../../content/article-policy.js';
import { canOnArticle, canSetSponsorAndPrintIssue } from '../../content/article-policy.js';
import type { Article, ArticleSummary } from '../../content/article-store.js';
import type { ArticleInput } from '../../content/articles.js';
import type { Revision } from '../../content/editorial.js';
import type { DiffLine } from '../../content/revision-text.js';
import type { Author, Section } from '../../content/taxonomy.js';
import { canTransition, statuses } from '../../content/workflow.js';
import { Csrf } from '../components/Form.js';
import { AdminShell } from './AdminShell.js';

const statusLabel: Record<string, string> = { draft: 'Draft', in_review: 'In review', scheduled: 'Scheduled', published: 'Published', unpublished: 'Unpublished' };

export interface ListFilter {
  status?: string;
  section?: string;
  author?: string;
  q?: string;
}

export const ArticleListPage: FC<{ articles: ArticleSummary[]; sections: Section[]; authors: Author[]; filter: ListFilter }> = ({ articles, sections, authors, filter }) => (
  <AdminShell title="Articles">
    <form method="get" action="/admin/articles" class="filters">
      <label>
        Status{' '}
        <select name="status">
          <option value="">Any</option>
          {statuses.map((s) => (
            <option value={s} selected={filter.status === s}>
              {statusLabel[s]}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Section{' '}
        <select name="section">
          <option value="">Any</option>
          {sections.map((s) => (
            <option value={s.slug} selected={filter.section === s.slug}>
              {s.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Author{' '}
        <select name="author">
          <option value="">Any</option>
          {authors.map((a) => (
            <option value={a.slug} selected={filter.author === a.slug}>
              {a.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Headline contains <input type="search" name="q" value={filter.q ?? ''} />
      </label>{' '}
      <button type="submit">Filter</button>
    </form>
    {articles.length === 0 ? (
      <p>No articles match.</p>
    ) : (
      <table>
        <caption>Articles, most recently changed first</caption>
        <thead>
          <tr>
            <th scope="col">Headline</th>
            <th scope="col">Status</th>
            <th scope="col">Section</th>
            <th scope="col">Authors</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {articles.map((a) => (
            <tr>
              <td>
                <a href={`/admin/articles/${a.id}`}>{a.headline}</a>
              </td>
              <td>{statusLabel[a.status]}</td>
              <td>{a.section.name}</td>
              <td>{a.authors.map((x) => x.name).join(', ')}</td>
              <td>
                <time datetime={a.updatedAt}>{a.updatedAt.slice(0, 16).replace('T', ' ')}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </AdminShell>
);

export interface FormState {
  values: ArticleInput;
  version?: number;
  error?: string;
  notice?: string;
  /** Set when the save lost a race: the stored version the editor must reload. */
  conflictVersion?: number;
}

const Field: FC<{ name: string; label: string; value?: string | number | null; hint?: string; required?: boolean; disabled?: boolean }> = ({ name, label, value, hint, required, disabled }) => (
  <p>
    <label for={`f-${name}`}>{label}</label>
    <br />
    <input id={`f-${name}`} name={name} value={value ?? ''} required={required} aria-describedby={hint ? `h-${name}` : undefined} disabled={disabled} />
    {hint && (
      <>
        <br />
        <small id={`h-${name}`}>{hint}</small>
      </>
    )}
  </p>
);

export const ArticleFormPage: FC<{
  title: string;
  action: string;
  state: FormState;
  sections: Section[];
  csrfToken: string;
  user: Actor;
  article?: Article;
  topicSuggestions?: string[];
}> = ({ title, action, state, sections, csrfToken, user, article, topicSuggestions = [] }) => {
  const v = state.values;
  // Disabled fields are not posted, so a writer's save leaves an editor's sponsor and print issue as they are.
  const desk = canSetSponsorAndPrintIssue(user);
  return (
    <AdminShell title={title} scripts={['/static/admin/editor.js']}>
      {state.error && (
        <div role="alert" class="error">
          <p>{state.error}</p>
          {state.conflictVersion !== undefined && (
            <p>
              Your changes are still in this form and were not saved. Copy what you need, then <a href={`/admin/articles/${article?.id}`}>open version {state.conflictVersion}</a>.
            </p>
          )}
        </div>
      )}
      {state.notice && <p role="status">{state.notice}</p>}
      <form method="post" action={action} id="article-form" data-article-id={article?.id} data-version={state.version}>
        <Csrf token={csrfToken} />
        {state.version !== undefined && <input type="hidden" name="version" value={state.version} />}
        <Field name="headline" label="Headline" value={v.headline} required />
        <p>
          <label for="f-standfirst">Standfirst</label>
          <br />
          <textarea id="f-standfirst" name="standfirst" rows={2}>
            {v.standfirst ?? ''}
          </textarea>
        </p>
        <div class="body-field">
          <p id="body-label">Body</p>
          <input type="hidden" name="body" id="f-body" value={JSON.stringify(v.body ?? [])} />
          <div id="body-editor" aria-labelledby="body-label" data-placeholder="The body can be edited with JavaScript enabled." />
        </div>
        <p>
          <label for="f-section">Section</label>
          <br />
          <select id="f-section" name="section" required>
            {sections.map((s) => (
              <option value={s.slug} selected={v.section === s.slug}>
                {s.name}
              </option>
            ))}
          </select>
        </p>
        <Field
          name="authors"
          label="Authors"
          value={(v.authors ?? []).join(', ')}
          hint={`Author slugs in byline order, separated by commas.${desk ? '' : ' You may add or remove only your own; an editor changes the others.'}`}
        />
        <Field name="topics" label="Topics" value={(v.topics ?? []).join(', ')} hint={`Topic slugs, separated by commas.${topicSuggestions.length ? ` Suggested: ${topicSuggestions.join(', ')}.` : ''}`} />
        <Field name="printIssue" label="Print issue number" value={v.printIssue} disabled={!desk} hint={desk ? undefined : 'Set by an editor.'} />
        <Field name="sponsor" label="Sponsor (partner content only)" value={v.sponsor} disabled={!desk} hint={desk ? undefined : 'Set by an editor.'} />
        <Field name="slug" label="Slug" value={v.slug} hint="Leave empty to make one from the headline." />
        <Field name="seoTitle" label="SEO title" value={v.seoTitle} />
        <Field name="seoDescription" label="SEO description" value={v.seoDescription} />
        <Field name="partnerSlotAfter" label="Partner slot after paragraph" value={v.partnerSlotAfter} hint="Empty uses the site default." />
        <p>
          <button type="submit">Save</button> <span id="autosave-status" role="status" aria-live="polite" />
        </p>
      </form>
      <form method="post" action="/admin/media" enctype="multipart/form-data" id="body-image-form">
        <Csrf token={csrfToken} />
        <fieldset>
          <legend>Add an image to the body</legend>
          <label for="i-file">Image (JPEG, PNG, WebP or AVIF, up to 15 MB)</label> <input id="i-file" type="file" name="file" accept="image/jpeg,image/png,image/webp,image/avif" required />
          <br />
          <label for="i-alt">Alt text</label> <input id="i-alt" name="alt" required /> <label for="i-caption">Caption</label> <input id="i-caption" name="caption" />{' '}
          <label for="i-credit">Credit</label> <input id="i-credit" name="credit" />
          <br />
          <button type="submit">Upload image</button> <span id="image-status" role="status" aria-live="polite" />
        </fieldset>
      </form>
      {article && <WorkflowPanel article={article} user={user} csrfToken={csrfToken} />}
    </AdminShell>
  );
};

const WorkflowPanel: FC<{ article: Article; user: Actor; csrfToken: string }> = ({ article, user, csrfToken }) => {
  const can = (action: Parameters<typeof canOnArticle>[1], to: Parameters<typeof canTransition>[1]) => canOnArticle(user, action, article) && canTransition(article.status, to);
  const button = (action: string, label: string) => (
    <form method="post" action={`/admin/articles/${article.id}/workflow`} class="inline">
      <Csrf token={csrfToken} />
      <input type="hidden" name="action" value={action} />
      <button type="submit">{label}</button>
    </form>
  );
  return (
    <section aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">Status: {statusLabel[article.status]}</h2>
      {article.scheduledFor && (
        <p>
          Publishes at <time datetime={article.scheduledFor}>{article.scheduledFor}</time>
        </p>
      )}
      <p>
        <a href={`/admin/articles/${article.id}/preview`}>Preview</a> · <a href={`/admin/articles/${article.id}/revisions`}>Revisions</a>
        {article.status === 'published' && (
          <>
            {' · '}
            <a href={article.path}>View on the site</a>
          </>
        )}
      </p>
      {can('article.submit', 'in_review') && button('submit', 'Submit for review')}
      {can('article.publish', 'published') && button('publish', 'Publish now')}
      {can('article.unpublish', 'unpublished') && button('unpublish', 'Unpublish')}
      {can('article.edit', 'draft') && button('draft', 'Return to draft')}
      {can('article.publish', 'scheduled') && (
        <form method="post" action={`/admin/articles/${article.id}/workflow`}>
          <Csrf token={csrfToken} />
          <input type="hidden" name="action" value="schedule" />
          <label for="f-when">Publish at (UTC)</label> <input id="f-when" type="datetime-local" name="when" required /> <button type="submit">Schedule</button>
        </form>
      )}
      {article.status === 'published' && canOnArticle(user, 'article.note', article) && (
        <form method="post" action={`/admin/articles/${article.id}/note`}>
          <Csrf token={csrfToken} />
          <input type="hidden" name="version" value={article.version} />
          <fieldset>
            <legend>Add a correction or update</legend>
            <label>
              <input type="radio" name="kind" value="correction" checked /> Correction
            </label>{' '}
            <label>
              <input type="radio" name="kind" value="update" /> Update
            </label>
            <br />
            <label for="f-note">Note shown to readers</label>
            <br />
            <textarea id="f-note" name="text" rows={2} required />
            <br />
            <button type="submit">Add note</button>
          </fieldset>
        </form>
      )}
    </section>
  );
};

export const RevisionsPage: FC<{ article: Article; revisions: Revision[]; diff?: { from: number; to: number; lines: DiffLine[] }; csrfToken: string; canRestore: boolean }> = ({
  article,
  revisions,
  diff,
  csrfToken,
  canRestore,
}) => (
  <AdminShell title={`Revisions: ${article.headline}`}>
    <p>
      <a href={`/admin/articles/${article.id}`}>Back to the editor</a>
    </p>
    {revisions.length === 0 ? (
      <p>No revisions yet: they are kept for every save once the article is published.</p>
    ) : (
      <>
        <form method="get" action={`/admin/articles/${article.id}/revisions`}>
          <label>
            Compare{' '}
            <select name="from">
              {revisions.map((r) => (
                <option value={r.version} selected={diff?.from === r.version}>
                  Version {r.version}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            with{' '}
            <select name="to">
              {revisions.map((r) => (
                <option value={r.version} selected={diff?.to === r.version}>
                  Version {r.version}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit">Show changes</button>
        </form>
        <ul>
          {revisions.map((r) => (
            <li>
              Version {r.version}, saved <time datetime={r.createdAt}>{r.createdAt.slice(0, 16).replace('T', ' ')}</time>: {r.snapshot.headline}
              {canRestore && r.version !== article.version && (
                <form method="post" action={`/admin/articles/${article.id}/revisions/${r.version}/restore`} class="inline">
                  <Csrf token={csrfToken} />
                  <input type="hidden" name="version" value={article.version} />
                  <button type="submit">Restore version {r.version}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      </>
    )}
    {diff && (
      <section aria-labelledby="diff-heading">
        <h2 id="diff-heading">
          Changes from version {diff.from} to version {diff.to}
        </h2>
        <pre class="diff">
          {diff.lines.map((l) =>
            l.change === 'added' ? <ins>{`+ ${l.text}\n`}</ins> : l.change === 'removed' ? <del>{`- ${l.text}\n`}</del> : `  ${l.text}\n`,
          )}
        </pre>
      </section>
    )}
  </AdminShell>
);
