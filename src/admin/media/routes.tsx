import { Hono, type Context } from 'hono';
import { canOnMedia } from '../../media/media-policy.js';
import { MEDIA_PAGE_SIZE } from '../../media/media-service.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { AdminEnv } from '../articles/routes.js';
import { toastRedirect } from '../components/toast.js';
import { MediaItemPage, MediaLibraryPage, problemOf, type FormProblem, type MediaText } from './views.js';

type Ctx = Context<AdminEnv>;

const wantsJson = (c: Ctx) => (c.req.header('accept') ?? '').includes('application/json');
const pageOf = (c: Ctx) => Number.parseInt(c.req.query('page') ?? '1', 10) || 1;
const textOf = (body: Record<string, unknown>): MediaText => ({ alt: String(body.alt ?? ''), caption: String(body.caption ?? ''), credit: String(body.credit ?? '') });

/**
 * The media library: the grid with search and upload, each image's page (text, the articles
 * using it, deletion), and JSON for the media picker in the writing screen. The media service
 * decides who may do what.
 */
export function mediaAdminRoutes(services: Services) {
  const { media } = services;
  const app = new Hono<AdminEnv>();

  async function libraryPage(c: Ctx, form: { text?: MediaText; problem?: FormProblem } = {}, status: 200 | 413 | 422 = 200) {
    const q = c.req.query('q') ?? '';
    const result = await media.search({ q, page: pageOf(c) });
    return c.html(<MediaLibraryPage result={result} q={q} perPage={MEDIA_PAGE_SIZE} csrfToken={c.var.csrfToken} {...form} />, status);
  }

  async function itemPage(c: Ctx, id: number, form: { text?: MediaText; problem?: FormProblem; deleteError?: string } = {}, status: 200 | 409 | 422 = 200) {
    const item = await media.get(id);
    const uses = await media.uses(c.var.user, id);
    const canEdit = canOnMedia(c.var.user, 'media.edit', item);
    const canDelete = canOnMedia(c.var.user, 'media.delete', item);
    return c.html(<MediaItemPage item={item} uses={uses} csrfToken={c.var.csrfToken} canEdit={canEdit} canDelete={canDelete} {...form} />, status);
  }

  app.get('/admin/media', (c) => libraryPage(c));

  /** The picker's page of results: each item with the body block that shows it. */
  app.get('/admin/media.json', async (c) => {
    const result = await media.search({ q: c.req.query('q') ?? '', page: pageOf(c) });
    return c.json({ ...result, items: result.items.map((item) => ({ ...item, block: media.imageBlock(item) })) });
  });

  // The body's size is capped before this route (15 MB and the form's fields: src/app.tsx, src/admin/app.tsx), as the CSRF check reads it first.
  app.post('/admin/media', async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const text = textOf(body);
    try {
      if (!(file instanceof File) || file.size === 0) throw new ValidationError('Invalid image', [{ path: 'file', message: 'is required: choose a file to upload' }]);
      const item = await media.upload({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }, text, c.var.user.id);
      return wantsJson(c) ? c.json({ item, block: media.imageBlock(item) }, 201) : toastRedirect(c, '/admin/media', 'uploaded');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (wantsJson(c)) return c.json({ error: error.message }, 422);
      return libraryPage(c, { text, problem: problemOf('The image was not uploaded: fix what is marked and choose the file again', error.issues) }, 422);
    }
  });

  app.get('/admin/media/:id{[0-9]+}', (c) => itemPage(c, Number(c.req.param('id'))));

  app.post('/admin/media/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const text = textOf(await c.req.parseBody());
    try {
      await media.updateText(c.var.user, id, text);
      return toastRedirect(c, `/admin/media/${id}`, 'saved');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return itemPage(c, id, { text, problem: problemOf('Not saved: fix what is marked', error.issues) }, 422);
    }
  });

  app.post('/admin/media/:id{[0-9]+}/delete', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      await media.remove(c.var.user, id);
      return toastRedirect(c, '/admin/media', 'deleted');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return itemPage(c, id, { deleteError: error.message }, 409);
    }
  });
  return app;
}
