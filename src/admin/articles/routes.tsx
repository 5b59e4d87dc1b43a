import { Hono, type Context } from 'hono';
import type { Config } from '../../config.js';
import { canOnArticle, type Actor } from '../../content/article-policy.js';
import { inputOf, StaleVersionError, type ArticleInput } from '../../content/articles.js';
import { statuses, type ArticleStatus } from '../../content/workflow.js';
import { BroadsheetError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { Services } from '../../services.js';
import { siteChrome } from '../../reader-ui/chrome.js';
import { ArticlePage } from '../../site/pages/ArticlePage.js';
import { formVersion, parseArticleForm } from './form.js';
import { ArticleFormPage, ArticleListPage, RevisionsPage, type FormState } from './views.js';
import { readJsonBody } from '../../http/json-body.js';

/** Set by the accounts middleware in front of these routes. */
export type AdminEnv = { Variables: { user: Actor; csrfToken: string } };
type Ctx = Context<AdminEnv>;

const idOf = (c: Ctx) => {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id < 1) throw new NotFoundError('No such article');
  return id;
};

const form = async (c: Ctx) => (await c.req.parseBody()) as Record<string, string>;

/**
 * The newsroom's article pages under /admin/articles: list, editor, workflow,
 * preview, revisions. Handlers are thin: services check roles and hold the rules.
 */
export function articleAdminRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone'>) {
  const { editorial, taxonomy } = services;
  const chrome = siteChrome(services, config.siteName);
  const app = new Hono<AdminEnv>();

  const suggestionsFor = async (article: { slug: string; path: string } | undefined) =>
    article ? (await services.topicSuggestions.forArticle(article.path, 8).catch(() => [])).map((s) => s.slug) : [];

  async function editor(c: Ctx, status: number, state: FormState, articleId?: number) {
    const article = articleId === undefined ? undefined : await editorial.get(c.var.user, articleId);
    // Fields the form did not post (disabled for this user) show as stored.
    if (article) state = { ...state, values: { ...inputOf(article), ...state.values } };
    const page = (
      <ArticleFormPage
        title={article ? `Edit: ${article.headline}` : 'New article'}
        action={article ? `/admin/articles/${article.id}` : '/admin/articles'}
        state={state}
        sections={await taxonomy.listSections()}
        csrfToken={c.var.csrfToken}
        user={c.var.user}
        article={article}
        topicSuggestions={await suggestionsFor(article)}
      />
    );
    return c.html(page, status as 200);
  }

  app.get('/admin/articles', async (c) => {
    const q = c.req.query();
    const status = statuses.includes(q.status as ArticleStatus) ? (q.status as ArticleStatus) : undefined;
    const list = await editorial.list(c.var.user, {
      status,
      sectionSlug: q.section || undefined,
      authorSlug: q.author || undefined,
      headlineContains: q.q?.trim() || undefined,
      order: 'updated',
      limit: 100,
    });
    const filter = { status, section: q.section, author: q.author, q: q.q };
    return c.html(<ArticleListPage articles={list} sections={await taxonomy.listSections()} authors={await taxonomy.listAuthors()} filter={filter} />);
  });

  app.get('/admin/articles/new', async (c) => {
    const sections = await taxonomy.listSections();
    return editor(c, 200, { values: { headline: '', section: sections[0]?.slug ?? '', body: [] } });
  });

  app.post('/admin/articles', async (c) => {
    const body = await form(c);
    const patch = parseArticleForm(body);
    try {
      const created = await editorial.create(c.var.user, { ...patch, headline: patch.headline ?? '', section: patch.section ?? '', body: patch.body ?? [] } as ArticleInput);
      return c.redirect(`/admin/articles/${created.id}`, 303);
    } catch (error) {
      // A refused byline or field comes back in the form with the reason, the typing kept.
      if (error instanceof ValidationError || error instanceof ForbiddenError) return editor(c, error.status, { values: patch as ArticleInput, error: error.message });
      throw error;
    }
  });

  app.get('/admin/articles/:id', async (c) => {
    const article = await editorial.get(c.var.user, idOf(c));
    // Unsaved changes to a live article, autosaved on top of this very version, come back into the form.
    const pending = await editorial.pendingAutosave(c.var.user, article.id);
    if (pending?.baseVersion === article.version) {
      const notice = `Your unsaved changes from ${pending.savedAt.slice(0, 16).replace('T', ' ')} UTC are back in the form; save to publish them.`;
      return editor(c, 200, { values: pending.input, version: article.version, notice }, article.id);
    }
    return editor(c, 200, { values: inputOf(article), version: article.version }, article.id);
  });

  app.post('/admin/articles/:id', async (c) => {
    const id = idOf(c);
    const body = await form(c);
    const patch = parseArticleForm(body);
    const version = formVersion(body);
    try {
      await editorial.save(c.var.user, id, patch, version);
      return c.redirect(`/admin/articles/${id}`, 303);
    } catch (error) {
      // The person's typing comes back in the form: a failed save loses nothing.
      const values = patch as ArticleInput;
      if (error instanceof StaleVersionError) return editor(c, 409, { values, version, error: error.message, conflictVersion: error.currentVersion }, id);
      if (error instanceof ValidationError || error instanceof ForbiddenError) return editor(c, error.status, { values, version, error: error.message }, id);
      throw error;
    }
  });

  /** The editor island's autosave: JSON in, JSON out, with the version it saved. */
  app.post('/admin/articles/:id/autosave', async (c) => {
    const id = idOf(c);
    const input = (await readJsonBody(c)) as { version?: unknown; fields?: Record<string, unknown> };
    try {
      const result = await editorial.autosave(c.var.user, id, parseArticleForm(input.fields ?? {}), formVersion({ version: input.version }));
      return c.json(result);
    } catch (error) {
      if (error instanceof StaleVersionError) return c.json({ error: error.message, currentVersion: error.currentVersion }, 409);
      if (error instanceof BroadsheetError) return c.json({ error: error.message }, error.status as 400);
      throw error;
    }
  });

  app.post('/admin/articles/:id/workflow', async (c) => {
    const id = idOf(c);
    const { action, when } = await form(c);
    const user = c.var.user;
    switch (action) {
      case 'submit':
        await editorial.submit(user, id);
        break;
      case 'publish':
        await editorial.publish(user, id);
        break;
      case 'unpublish':
        await editorial.unpublish(user, id);
        break;
      case 'draft':
        await editorial.returnToDraft(user, id);
        break;
      case 'schedule': {
        // datetime-local has no zone; the form labels it UTC.
        const at = when && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(when) ? `${when.length === 16 ? `${when}:00` : when}Z` : when ?? '';
        await editorial.schedule(user, id, at);
        break;
      }
      default:
        throw new ValidationError('Invalid workflow action', [{ path: 'action', message: 'must be submit, publish, schedule, unpublish or draft' }]);
    }
    return c.redirect(`/admin/articles/${id}`, 303);
  });

  app.post('/admin/articles/:id/note', async (c) => {
    const id = idOf(c);
    const body = await form(c);
    await editorial.addNote(c.var.user, id, { kind: body.kind as 'correction', text: body.text ?? '' }, formVersion(body));
    return c.redirect(`/admin/articles/${id}`, 303);
  });

  app.get('/admin/articles/:id/preview', async (c) => {
    const article = await editorial.get(c.var.user, idOf(c));
    return c.html(<ArticlePage chrome={await chrome()} timeZone={config.timeZone} article={article} />);
  });

  app.get('/admin/articles/:id/revisions', async (c) => {
    const id = idOf(c);
    const article = await editorial.get(c.var.user, id);
    const revisions = await editorial.revisions(c.var.user, id);
    const from = Number(c.req.query('from'));
    const to = Number(c.req.query('to'));
    const diff = Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > 0 ? { from, to, lines: await editorial.diff(c.var.user, id, from, to) } : undefined;
    return c.html(
      <RevisionsPage article={article} revisions={revisions} diff={diff} csrfToken={c.var.csrfToken} canRestore={canOnArticle(c.var.user, 'article.restore', article)} />,
    );
  });

  app.post('/admin/articles/:id/revisions/:version/restore', async (c) => {
    const id = idOf(c);
    const body = await form(c);
    await editorial.restore(c.var.user, id, Number(c.req.param('version')), formVersion(body));
    return c.redirect(`/admin/articles/${id}/revisions`, 303);
  });

  return app;
}
