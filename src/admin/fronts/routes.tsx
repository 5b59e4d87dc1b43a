import { Hono, type Context } from 'hono';
import type { Config } from '../../config.js';
import type { Section } from '../../content/taxonomy.js';
import { ValidationError } from '../../errors.js';
import type { Services } from '../../services.js';
import { toastRedirect } from '../components/toast.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, intField } from '../manage/form.js';
import { fromZonedInput } from '../time.js';
import { FrontPage, frontAdminPath, type PinFormValues } from './views.js';

type C = Context<NewsroomEnv>;

/**
 * Front curation (`/admin/fronts` for the home page, `/admin/fronts/section/{slug}` for a
 * section): pin, move and unpin as plain POST forms that answer with a redirect and a toast.
 * The front service checks the role; a refused pin comes back with the typing and the error.
 */
export function frontAdminRoutes(services: Services, config: Pick<Config, 'timeZone'>) {
  const { fronts } = services;
  const app = new Hono<NewsroomEnv>();
  const zone = (c: C) => c.var.timeZone ?? config.timeZone;

  async function page(c: C, section: Section | null, form: { values?: PinFormValues; error?: { message: string; fields: Record<string, string> }; query?: string } = {}) {
    const user = c.var.user;
    const query = form.query ?? c.req.query('q') ?? '';
    const [all, curation, candidates] = await Promise.all([fronts.fronts(user), fronts.curation(user, section), fronts.candidates(user, section, query)]);
    const name = all.find((f) => (f.section?.id ?? null) === (section?.id ?? null))?.name ?? section?.name ?? 'Home page';
    return (
      <FrontPage
        csrfToken={c.var.csrfToken}
        timeZone={zone(c)}
        fronts={all}
        section={section}
        name={name}
        slots={curation.slots}
        idle={curation.idle}
        query={query}
        candidates={candidates}
        values={form.values}
        error={form.error}
      />
    );
  }

  const slotField = (value: string | undefined) => intField(value) ?? 0;

  async function pin(c: C, section: Section | null) {
    const f = await formFields(c);
    const values: PinFormValues = { article: f.article, slot: f.slot, expires: f.expires };
    try {
      const expiresAt = f.expires?.trim() ? fromZonedInput(f.expires, zone(c), 'expires') : null;
      await fronts.pin(c.var.user, section?.id ?? null, { articleId: intField(f.article) ?? 0, slot: slotField(f.slot), expiresAt });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const fields = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
      return c.html(await page(c, section, { values, query: f.q ?? '', error: { message: error.reason, fields } }), 422);
    }
    return toastRedirect(c, frontAdminPath(section), 'pinned');
  }

  async function move(c: C, section: Section | null) {
    const f = await formFields(c);
    await fronts.move(c.var.user, section?.id ?? null, slotField(f.slot), f.direction === 'up' ? 'up' : 'down');
    return toastRedirect(c, frontAdminPath(section), 'moved');
  }

  async function unpin(c: C, section: Section | null) {
    const f = await formFields(c);
    await fronts.unpin(c.var.user, section?.id ?? null, slotField(f.slot));
    return toastRedirect(c, frontAdminPath(section), 'unpinned');
  }

  const sectionOf = (c: C) => fronts.findSection(c.var.user, c.req.param('slug') ?? '');

  app.get('/admin/fronts', async (c) => c.html(await page(c, null)));
  app.post('/admin/fronts/pin', (c) => pin(c, null));
  app.post('/admin/fronts/move', (c) => move(c, null));
  app.post('/admin/fronts/unpin', (c) => unpin(c, null));

  app.get('/admin/fronts/section/:slug', async (c) => c.html(await page(c, await sectionOf(c))));
  app.post('/admin/fronts/section/:slug/pin', async (c) => pin(c, await sectionOf(c)));
  app.post('/admin/fronts/section/:slug/move', async (c) => move(c, await sectionOf(c)));
  app.post('/admin/fronts/section/:slug/unpin', async (c) => unpin(c, await sectionOf(c)));

  return app;
}
