import type { FC } from 'hono/jsx';
import type { Actor } from '../../content/article-policy.js';
import type { Article } from '../../content/article-store.js';
import type { DraftNote } from '../../content/draft-notes.js';
import { SHARE_LINK_DAYS, type ShareLink } from '../../content/share-previews.js';
import { PreviewBanner } from '../../site/components/PreviewBanner.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { PostForm } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';
import { DraftNotesPanel } from './notes-view.js';
import { BackToArticle } from './ArticleActions.js';

export const statusLabels: Record<Article['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

/**
 * Share-preview links for the writing screen's settings panel: make one (valid seven days)
 * for someone without an account, see the open ones with their expiry, revoke any.
 */
export const SharePreviewPanel: FC<{ article: Pick<Article, 'id'>; links: ShareLink[]; csrfToken: string; timeZone?: string }> = ({ article, links, csrfToken, timeZone }) => (
  <section class="preview-share" aria-labelledby="preview-share-heading">
    <h2 id="preview-share-heading" class="preview-share-heading">
      Share a preview
    </h2>
    <p class="preview-hint">A link anyone can open, without an account, for {SHARE_LINK_DAYS} days. It shows the current draft, never the newsroom’s notes.</p>
    {links.length > 0 && (
      <ul class="preview-link-list">
        {links.map((l) => (
          <li class="preview-link">
            <span>
              Link made <LocalTime iso={l.createdAt} format="date" timeZone={timeZone} />, open until <LocalTime iso={l.expiresAt} timeZone={timeZone} />
            </span>
            <ConfirmForm
              action={`/admin/articles/${article.id}/share-links/${l.id}/revoke`}
              csrfToken={csrfToken}
              label="Revoke"
              name={`Revoke the link open until ${l.expiresAt.slice(0, 10)}`}
              question="Revoke this link? Whoever has it can no longer open the preview."
              class="preview-btn preview-btn-danger"
            />
          </li>
        ))}
      </ul>
    )}
    <PostForm action={`/admin/articles/${article.id}/share-links`} csrfToken={csrfToken} class="preview-inline-form">
      <Button class="preview-btn">Create a share link</Button>
    </PostForm>
  </section>
);

/** The one time a share link's address can be shown: the database keeps only its hash. */
export const ShareLinkCreatedPage: FC<{ article: Pick<Article, 'id' | 'headline'>; url: string; link: ShareLink; links: ShareLink[]; csrfToken: string }> = ({
  article,
  url,
  link,
  links,
  csrfToken,
}) => (
  <AdminLayout
    title="Share link created"
    styles={['/static/newsroom-preview.css']}
    actions={<BackToArticle articleId={article.id} />}
  >
    <div class="preview-created" role="status">
      <p>
        Anyone with this link can read “{article.headline}” as it stands, until <LocalTime iso={link.expiresAt} />. Copy it now: for safety it is not shown again.
      </p>
      <label for="preview-share-url">Share link</label>
      <input id="preview-share-url" class="preview-share-url" type="url" readonly value={url} />
    </div>
    <SharePreviewPanel article={article} links={links} csrfToken={csrfToken} />
  </AdminLayout>
);

/** The signed-in preview's banner: status, when it is scheduled, the way back, and the newsroom's notes. */
export const StaffPreviewBanner: FC<{ article: Article; notes: DraftNote[]; user: Actor; csrfToken: string; timeZone: string }> = ({ article, notes, user, csrfToken, timeZone }) => (
  <PreviewBanner
    status={statusLabels[article.status]}
    detail={
      article.status === 'scheduled' && article.scheduledFor ? (
        <>
          Publishes <LocalTime iso={article.scheduledFor} timeZone={timeZone} />
        </>
      ) : article.status === 'published' ? (
        <>This article is live; the preview shows its saved version.</>
      ) : undefined
    }
  >
    <p class="preview-banner-links">
      <a href={`/admin/articles/${article.id}`}>Back to the editor</a> · <a href={`/admin/articles/${article.id}/revisions`}>Revisions</a>
    </p>
    <details class="preview-banner-notes" open={notes.some((n) => !n.resolvedAt)}>
      <summary>Newsroom notes ({notes.filter((n) => !n.resolvedAt).length} open)</summary>
      <DraftNotesPanel article={article} notes={notes} user={user} csrfToken={csrfToken} returnTo="preview" timeZone={timeZone} />
    </details>
  </PreviewBanner>
);
