import { Hono, type Context } from 'hono';
import type { Config } from '../../config.js';
import type { Actor } from '../../content/article-policy.js';
import type { ArticleInput } from '../../content/article-input.js';
import { inputOf, StaleVersionError } from '../../content/articles.js';
import { BroadsheetError, NotFoundError, ValidationError } from '../../errors.js';
import type { Services } from '../../services.js';
import { fieldErrorsOf, formVersion, parseArticleForm } from './form.js';
import { WritingScreen, type FormState } from './writing-screen.js';
import type { WorkflowMove } from './publish-panel.js';
import { pickerRoutes } from './picker-routes.js';
import { loadWritingPanels } from './preview-routes.js';
import { readJsonBody } from '../../http/json-body.js';
import { formatInZone, fromZonedInput } from '../time.js';
import { toastRedirect, type ToastKey } from '../components/toast.js';

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
 * The newsroom's article pages under /admin/articles: list, editor, workflow (preview and
 * revisions have their own modules). Handlers are thin: services check roles and hold the rules.
 */
export function articleAdminRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone'> & Partial<Pick<Config, 'siteUrl'>>) {
  const { editorial, taxonomy } = services;
  const app = new Hono<AdminEnv>();
  app.route('/', pickerRoutes(services));

  /**
   * Topic suggestions read the whole stored article (hundreds of milliseconds for a long read),
   * so the writing screen never waits for them: the pickers island asks for them when the topics
   * field is first used, and without JavaScript "Suggest topics" reloads the page with them.
   */
  const suggestionsFor = async (article: { path: string }) => {
    try {
      return await services.topicSuggestions.forArticle(article.path, 8);
    } catch (error) {
      // An article no address finds yet has nothing to suggest from.
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  };

  /** The pickers' chips show names; the form holds slugs. */
  const namesOf = async (table: 'authors' | 'topics', slugs: string[] = []) =>
    Object.fromEntries(
      (await (table === 'authors' ? taxonomy.authorsBySlug(slugs) : taxonomy.topicsBySlug(slugs))).map((row) => [row.slug, row.name]),
    );

  const mediaChoices = async () =>
    (await services.media.search({ perPage: 48 })).items.map((m) => ({ id: m.id, alt: m.alt, caption: m.caption, credit: m.credit, thumb: m.sources[0]!.src }));

  async function editor(c: Ctx, status: number, state: FormState, articleId?: number, withSuggestions = false) {
    const article = articleId === undefined ? undefined : await editorial.get(c.var.user, articleId);
    // Fields the form did not post (disabled for this user) show as stored.
    if (article) state = { ...state, values: { ...inputOf(article), ...state.values } };
    const v = state.values;
    const context = {
      sections: await taxonomy.listSections(),
      authorNames: await namesOf('authors', v.authors),
      topicNames: await namesOf('topics', v.topics),
      // Only the existing topics: a slug typed into the plain field must name one.
      topicSuggestions: article && withSuggestions ? (await suggestionsFor(article)).filter((s) => s.existing).map((s) => s.slug) : undefined,
      media: await mediaChoices(),
      siteName: config.siteName,
      siteHost: config.siteUrl ? new URL(config.siteUrl).host : '',
      timeZone: config.timeZone,
      panels: article && (await loadWritingPanels(services, c.var.user, article)),
    };
    const page = (
      <WritingScreen
        title={article ? `Edit: ${article.headline}` : 'New article'}
        action={article ? `/admin/articles/${article.id}` : '/admin/articles'}
        state={state}
        csrfToken={c.var.csrfToken}
        user={c.var.user}
        article={article}
        context={context}
      />
    );
    return c.html(page, status as 200);
  }

  /** A refused save, back in the form with the typing kept and each problem beside its field. */
  function refused(c: Ctx, error: unknown, state: FormState, id?: number) {
    if (error instanceof StaleVersionError) return editor(c, 409, { ...state, error: error.message, conflictVersion: error.currentVersion }, id);
    if (error instanceof ValidationError) return editor(c, 422, { ...state, error: error.reason, fieldErrors: fieldErrorsOf(error.issues) }, id);
    if (error instanceof BroadsheetError && error.status < 500 && error.status !== 404) return editor(c, error.status, { ...state, error: error.message }, id);
    throw error;
  }

  /** The workflow move a panel button asks for after saving, with the toast that reports it. */
  async function move(user: Actor, id: number, then: WorkflowMove, scheduleAt?: string): Promise<ToastKey> {
    switch (then) {
      case 'submit':
        return (await editorial.submit(user, id), 'submitted');
      case 'publish':
        return (await editorial.publish(user, id), 'published');
      case 'unpublish':
        return (await editorial.unpublish(user, id), 'unpublished');
      case 'draft':
        return (await editorial.returnToDraft(user, id), 'saved');
      case 'schedule':
        return (await editorial.schedule(user, id, scheduleAt!), 'scheduled');
    }
  }

  const moves: WorkflowMove[] = ['submit', 'publish', 'schedule', 'unpublish', 'draft'];
  const moveOf = (value: string | undefined): WorkflowMove | undefined => {
    if (value === undefined || value === '') return undefined;
    if (moves.includes(value as WorkflowMove)) return value as WorkflowMove;
    throw new ValidationError('Invalid workflow action', [{ path: 'action', message: 'must be submit, publish, schedule, unpublish or draft' }]);
  };

  /** The schedule box's local time in the site's zone, as UTC; a missing one is named. */
  const scheduleTime = (when: string | undefined) => {
    if (!when?.trim()) throw new ValidationError('Invalid time', [{ path: 'when', message: 'is required to schedule: pick a date and time' }]);
    return fromZonedInput(when, config.timeZone, 'when');
  };

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
      return refused(c, error, { values: patch as ArticleInput });
    }
  });

  app.get('/admin/articles/:id', async (c) => {
    const article = await editorial.get(c.var.user, idOf(c));
    // Unsaved changes to a live article, autosaved on top of this very version, come back into the form.
    const pending = await editorial.pendingAutosave(c.var.user, article.id);
    const suggest = c.req.query('suggest') === 'topics';
    if (pending?.baseVersion === article.version) {
      const notice = `Your unsaved changes from ${formatInZone(pending.savedAt, config.timeZone)} are back in the form; save to publish them.`;
      return editor(c, 200, { values: pending.input, version: article.version, notice }, article.id, suggest);
    }
    return editor(c, 200, { values: inputOf(article), version: article.version }, article.id, suggest);
  });

  /** The topics picker's suggestions, for the island: `existing` ones can be added, the others created by an editor. */
  app.get('/admin/articles/:id/topic-suggestions', async (c) => {
    const article = await editorial.get(c.var.user, idOf(c));
    const items = (await suggestionsFor(article)).map(({ slug, name, existing }) => ({ slug, name, existing }));
    return c.json({ items });
  });

  app.post('/admin/articles/:id', async (c) => {
    const id = idOf(c);
    const body = await form(c);
    const patch = parseArticleForm(body);
    const version = formVersion(body);
    // The person's typing comes back in the form: a failed save or move loses nothing.
    const state: FormState = { values: patch as ArticleInput, version, when: body.when };
    let saved;
    try {
      const then = moveOf(body.then);
      // A time that cannot be read is refused before anything is written.
      const at = then === 'schedule' ? scheduleTime(body.when) : undefined;
      saved = await editorial.save(c.var.user, id, patch, version);
      if (!then) return toastRedirect(c, `/admin/articles/${id}`, 'saved');
      return toastRedirect(c, `/admin/articles/${id}`, await move(c.var.user, id, then, at));
    } catch (error) {
      // Saved, but the move was refused (a time in the past): the form shows the saved version.
      return refused(c, error, saved ? { ...state, version: saved.version } : state, id);
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
      case 'schedule':
        // datetime-local has no zone: the form names the site's, and it is read in it.
        await editorial.schedule(user, id, scheduleTime(when));
        break;
      default:
        throw new ValidationError('Invalid workflow action', [{ path: 'action', message: 'must be submit, publish, schedule, unpublish or draft' }]);
    }
    return c.redirect(`/admin/articles/${id}`, 303);
  });

  app.post('/admin/articles/:id/note', async (c) => {
    const id = idOf(c);
    const body = await form(c);
    await editorial.addNote(c.var.user, id, { kind: body.kind as 'correction', text: body.text ?? '' }, formVersion(body));
    return toastRedirect(c, `/admin/articles/${id}`, 'note-added');
  });

  return app;
}
