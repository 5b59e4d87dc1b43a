import type { FC } from 'hono/jsx';
import { canOnArticle, type Actor, type ArticleAction } from '../../content/article-policy.js';
import type { Article } from '../../content/article-store.js';
import { canTransition, type ArticleStatus } from '../../content/workflow.js';
import { Button, LinkButton } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { Csrf } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';
import { zonedInputValue, zoneName } from '../time.js';

export const statusLabel: Record<string, string> = { draft: 'Draft', in_review: 'In review', scheduled: 'Scheduled', published: 'Published', unpublished: 'Unpublished' };

/** The workflow moves the panel offers; each saves the form first (see routes.tsx). */
export type WorkflowMove = 'submit' | 'publish' | 'schedule' | 'unpublish' | 'draft';

/**
 * The top of the settings panel: status, Save, Preview, and the moves this person may make
 * now. The buttons belong to the article form (name="then"), so a move saves what was typed
 * first; the schedule box reads the site's zone, named beside it.
 */
export const PublishPanel: FC<{ article?: Article; user: Actor; timeZone: string; when?: string; whenError?: string }> = ({ article, user, timeZone, when, whenError }) => {
  const can = (action: ArticleAction, to: ArticleStatus) => article !== undefined && canOnArticle(user, action, article) && canTransition(article.status, to);
  const move = (then: WorkflowMove, label: string, variant: 'primary' | 'secondary' | 'quiet' = 'secondary') => (
    <Button name="then" value={then} variant={variant}>
      {label}
    </Button>
  );
  const zone = zoneName(timeZone);
  const whenValue = when ?? (article?.scheduledFor ? zonedInputValue(article.scheduledFor, timeZone) : '');
  return (
    <section class="writing-publish" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading" class="writing-status">
        Status: <span class={`writing-status-${article?.status ?? 'new'}`}>{article ? statusLabel[article.status] : 'New draft'}</span>
      </h2>
      {article?.scheduledFor && (
        <p class="writing-when">
          Publishes <LocalTime iso={article.scheduledFor} timeZone={timeZone} />
        </p>
      )}
      {article?.status === 'published' && article.publishedAt && (
        <p class="writing-when">
          Published <LocalTime iso={article.publishedAt} timeZone={timeZone} />
        </p>
      )}
      <div class="writing-actions">
        {/* First in the form, so Enter in a field saves rather than moves the article on. */}
        <Button variant={!article || article.status === 'published' ? 'primary' : 'secondary'}>Save</Button>
        {article && (
          <LinkButton href={`/admin/articles/${article.id}/preview`} variant="quiet">
            Preview
          </LinkButton>
        )}
        {article?.status === 'published' && (
          <LinkButton href={article.path} variant="quiet">
            View on the site
          </LinkButton>
        )}
      </div>
      <div class="writing-actions">
        {can('article.submit', 'in_review') && move('submit', 'Submit for review', 'primary')}
        {can('article.publish', 'published') && move('publish', 'Publish now', 'primary')}
        {can('article.unpublish', 'unpublished') && (
          <ConfirmForm submits={{ name: 'then', value: 'unpublish' }} label="Unpublish" question="Take this article off the site? Readers will no longer find it; you can publish it again later." />
        )}
        {can('article.edit', 'draft') && move('draft', 'Return to draft', 'quiet')}
      </div>
      {can('article.publish', 'scheduled') && (
        <div class={`writing-schedule field${whenError ? ' field-invalid' : ''}`}>
          <label for="f-when">Publish at, {zone} time</label>
          <p class="hint" id="f-when-hint">
            The day and time it goes live on the site.
          </p>
          {whenError && (
            <p class="field-error" id="f-when-error">
              <span class="visually-hidden">Error: </span>
              {whenError}
            </p>
          )}
          <div class="writing-schedule-row">
            <input
              id="f-when"
              type="datetime-local"
              name="when"
              value={whenValue}
              aria-invalid={whenError ? 'true' : undefined}
              aria-describedby={whenError ? 'f-when-hint f-when-error' : 'f-when-hint'}
            />
            {move('schedule', 'Schedule')}
          </div>
        </div>
      )}
      {article?.status === 'published' && canOnArticle(user, 'article.note', article) && <NoteOpener />}
    </section>
  );
};

/**
 * "Add a correction or update", one click from the panel: a disclosure whose fields belong
 * to the note's own form (rendered after the article form, since forms cannot nest).
 */
const NoteOpener: FC = () => (
  <details class="writing-note">
    <summary class="btn btn-secondary">Add a correction or update</summary>
    <fieldset class="writing-note-fields">
      <legend class="visually-hidden">Kind of note</legend>
      <label class="writing-radio">
        <input type="radio" name="kind" value="correction" form="note-form" checked /> Correction
      </label>
      <label class="writing-radio">
        <input type="radio" name="kind" value="update" form="note-form" /> Update
      </label>
    </fieldset>
    <div class="field">
      <label for="f-note">Note shown to readers</label>
      <textarea id="f-note" name="text" rows={3} form="note-form" required />
    </div>
    <Button form="note-form" variant="primary">
      Add note
    </Button>
  </details>
);

/** The correction note's form: empty here, its fields sit in the panel (form="note-form"). */
export const NoteForm: FC<{ article: Article; user: Actor; csrfToken: string }> = ({ article, user, csrfToken }) =>
  article.status === 'published' && canOnArticle(user, 'article.note', article) ? (
    <form method="post" action={`/admin/articles/${article.id}/note`} id="note-form">
      <Csrf token={csrfToken} />
      <input type="hidden" name="version" value={article.version} />
    </form>
  ) : null;
