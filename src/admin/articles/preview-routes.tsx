import { Hono, type Context } from 'hono';
import type { Config } from '../../config.js';
import { canOnArticle, type Actor } from '../../content/article-policy.js';
import type { Article } from '../../content/article-store.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { siteChrome } from '../../reader-ui/chrome.js';
import type { Services } from '../../services.js';
import { loadArticlePage } from '../../site/article-data.js';
import { PREVIEW_STYLESHEET } from '../../site/components/PreviewBanner.js';
import { ArticlePage } from '../../site/pages/ArticlePage.js';
import { absoluteUrl } from '../../site/structured-data.js';
import { toastRedirect } from '../components/toast.js';
import { DraftNotesPage, noteReturns, type NoteReturn } from './notes-view.js';
import { ShareLinkCreatedPage, StaffPreviewBanner } from './preview-view.js';
import type { AdminEnv } from './routes.js';

type Ctx = Context<AdminEnv>;

const positiveParam = (c: Ctx, name: string) => {
  const n = Number(c.req.param(name));
  if (!Number.isInteger(n) || n < 1) throw new NotFoundError(`No such ${name === 'id' ? 'article' : 'item'}`);
  return n;
};

/** A preview is for the people it was made for: never stored by a cache, never indexed. */
export function privatePage(c: Context): void {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex');
}

/**
 * What the writing screen's settings panel shows from this module: the article's notes and,
 * when the user may share it, its open share links. Render them with `DraftNotesPanel`
 * (returnTo="editor") and `SharePreviewPanel`.
 */
export async function loadWritingPanels(services: Pick<Services, 'draftNotes' | 'sharePreviews'>, user: Actor, article: Article) {
  const [notes, shareLinks] = await Promise.all([
    services.draftNotes.list(user, article.id),
    canOnArticle(user, 'article.share', article) ? services.sharePreviews.active(user, article.id) : Promise.resolve(undefined),
  ]);
  return { notes, shareLinks };
}

/**
 * The newsroom's preview of an article exactly as readers will see it (the same page
 * assembly as the public route) under a "not published" banner with the staff's notes;
 * share-preview links; and the notes themselves.
 */
export function previewAdminRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone' | 'siteUrl'>) {
  const { editorial, draftNotes, sharePreviews } = services;
  const chrome = siteChrome(services, config.siteName);
  const site = { siteName: config.siteName, siteUrl: config.siteUrl };
  const app = new Hono<AdminEnv>();

  const returnPath = (id: number, raw: unknown) => `/admin/articles/${id}${noteReturns[Object.hasOwn(noteReturns, String(raw)) ? (raw as NoteReturn) : 'editor']}`;

  app.get('/admin/articles/:id/preview', async (c) => {
    const article = await editorial.get(c.var.user, positiveParam(c, 'id'));
    const [page, notes] = await Promise.all([loadArticlePage({ services, chrome }, article), draftNotes.list(c.var.user, article.id)]);
    privatePage(c);
    const banner = <StaffPreviewBanner article={article} notes={notes} user={c.var.user} csrfToken={c.var.csrfToken} timeZone={config.timeZone} />;
    return c.html(<ArticlePage {...page} timeZone={config.timeZone} site={site} article={article} preview={{ banner, stylesheet: PREVIEW_STYLESHEET }} />);
  });

  app.post('/admin/articles/:id/share-links', async (c) => {
    const id = positiveParam(c, 'id');
    const article = await editorial.get(c.var.user, id);
    const { link, token } = await sharePreviews.create(c.var.user, id);
    const links = await sharePreviews.active(c.var.user, id);
    privatePage(c);
    return c.html(<ShareLinkCreatedPage article={article} url={absoluteUrl(config.siteUrl, `/preview/${token}`)} link={link} links={links} csrfToken={c.var.csrfToken} />, 201);
  });

  app.post('/admin/articles/:id/share-links/:link/revoke', async (c) => {
    const id = positiveParam(c, 'id');
    await sharePreviews.revoke(c.var.user, id, positiveParam(c, 'link'));
    return toastRedirect(c, `/admin/articles/${id}`, 'revoked');
  });

  const notesPage = async (c: Ctx, id: number, refused?: { draft: string; error: string }) => {
    const article = await editorial.get(c.var.user, id);
    const notes = await draftNotes.list(c.var.user, id);
    return c.html(<DraftNotesPage article={article} notes={notes} user={c.var.user} csrfToken={c.var.csrfToken} {...refused} />, refused ? 422 : 200);
  };

  app.get('/admin/articles/:id/notes', (c) => notesPage(c, positiveParam(c, 'id')));

  app.post('/admin/articles/:id/notes', async (c) => {
    const id = positiveParam(c, 'id');
    const body = await c.req.parseBody();
    const text = typeof body.text === 'string' ? body.text : '';
    try {
      await draftNotes.add(c.var.user, id, { text });
    } catch (error) {
      // The typing comes back in the form with the reason beside it.
      if (error instanceof ValidationError) return notesPage(c, id, { draft: text, error: error.issues.find((i) => i.path === 'text')?.message ?? error.message });
      throw error;
    }
    return toastRedirect(c, returnPath(id, body.return), 'note-added');
  });

  app.post('/admin/articles/:id/notes/:note/resolve', async (c) => {
    const id = positiveParam(c, 'id');
    await draftNotes.resolve(c.var.user, id, positiveParam(c, 'note'));
    return toastRedirect(c, returnPath(id, (await c.req.parseBody()).return), 'saved');
  });

  app.post('/admin/articles/:id/notes/:note/delete', async (c) => {
    const id = positiveParam(c, 'id');
    await draftNotes.remove(c.var.user, id, positiveParam(c, 'note'));
    return toastRedirect(c, returnPath(id, (await c.req.parseBody()).return), 'deleted');
  });

  return app;
}
