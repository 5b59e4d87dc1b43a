import type { FC } from 'hono/jsx';
import type { Actor } from '../../content/article-policy.js';
import type { Article } from '../../content/article-store.js';
import { canManageDraftNote, type DraftNote } from '../../content/draft-notes.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { FormErrors, PostForm, TextArea } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';
import { BackToArticle } from './ArticleActions.js';

/** Where a notes form sends the person back to; a fixed list, so no link can redirect elsewhere. */
export const noteReturns = { editor: '', preview: '/preview', notes: '/notes' } as const;
export type NoteReturn = keyof typeof noteReturns;

export interface DraftNotesPanelProps {
  article: Pick<Article, 'id'>;
  notes: DraftNote[];
  user: Actor;
  csrfToken: string;
  /** The page the panel sits on, where each form comes back to. */
  returnTo: NoteReturn;
  /** A refused note's typing and the reason, shown in the form. */
  draft?: string;
  error?: string;
  /** Site zone for the times; defaults to the request's (admin pages). */
  timeZone?: string;
}

/**
 * The newsroom's notes on an article, for staff only: the writing screen's settings panel
 * and the signed-in preview render it; no reader page or share link ever does.
 */
export const DraftNotesPanel: FC<DraftNotesPanelProps> = ({ article, notes, user, csrfToken, returnTo, draft, error, timeZone }) => {
  const base = `/admin/articles/${article.id}/notes`;
  const open = notes.filter((n) => !n.resolvedAt).length;
  return (
    <section class="preview-notes" aria-labelledby={`preview-notes-heading-${returnTo}`}>
      <h2 id={`preview-notes-heading-${returnTo}`} class="preview-notes-heading">
        Notes for the newsroom <span class="preview-count">{open === 0 ? 'none open' : `${open} open`}</span>
      </h2>
      <p class="preview-hint">Only signed-in staff see these: never readers, never a share link.</p>
      {notes.length > 0 && (
        <ol class="preview-note-list">
          {notes.map((n) => (
            <li class={n.resolvedAt ? 'preview-note preview-note-resolved' : 'preview-note'}>
              <p class="preview-note-meta">
                <strong>{n.authorName}</strong> · <LocalTime iso={n.createdAt} timeZone={timeZone} />
                {n.resolvedAt && <span class="preview-note-state"> · Resolved</span>}
              </p>
              <p class="preview-note-text">{n.text}</p>
              {canManageDraftNote(user, n) && (
                <div class="preview-note-actions">
                  {!n.resolvedAt && (
                    <PostForm action={`${base}/${n.id}/resolve`} csrfToken={csrfToken} class="preview-inline-form">
                      <input type="hidden" name="return" value={returnTo} />
                      <Button variant="quiet" class="preview-btn" aria-label={`Resolve the note by ${n.authorName}`}>
                        Resolve
                      </Button>
                    </PostForm>
                  )}
                  <ConfirmForm
                    action={`${base}/${n.id}/delete`}
                    csrfToken={csrfToken}
                    hidden={{ return: returnTo }}
                    label="Delete"
                    name={`Delete the note by ${n.authorName}`}
                    question="Delete this note for everyone? This cannot be undone."
                    class="preview-btn preview-btn-danger"
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <PostForm action={base} csrfToken={csrfToken} class="preview-note-form" label="Add a note">
        <input type="hidden" name="return" value={returnTo} />
        <TextArea id={`preview-note-text-${returnTo}`} label="Add a note" name="text" rows={3} value={draft} error={error} required maxlength={4000} />
        <Button variant="secondary" class="preview-btn">
          Add note
        </Button>
      </PostForm>
    </section>
  );
};

/** The notes on their own page: where a refused note comes back with its typing, from any page. */
export const DraftNotesPage: FC<Omit<DraftNotesPanelProps, 'returnTo' | 'article'> & { article: Pick<Article, 'id' | 'headline'> }> = ({ article, error, ...panel }) => (
  <AdminLayout
    title={`Notes: ${article.headline}`}
    styles={['/static/newsroom-preview.css']}
    actions={<BackToArticle articleId={article.id} />}
  >
    <FormErrors message={error && 'The note was not added'} errors={error ? { text: error } : {}} ids={{ text: 'preview-note-text-notes' }} />
    <DraftNotesPanel article={article} returnTo="notes" error={error} {...panel} />
  </AdminLayout>
);
