import { Hono } from 'hono';
import { NotFoundError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, saveOr } from './form.js';
import { NewsletterEditPage, NewslettersPage, PartnersPage } from './views/DeskPages.js';

/** The partner content list and the newsletter catalogue, for the desk. */
export function deskRoutes(services: Services) {
  const { desk } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/partners', async (c) => c.html(<PartnersPage articles={await desk.partnerContent(c.var.user)} />));

  app.get('/admin/newsletters', async (c) => c.html(<NewslettersPage newsletters={await desk.newsletters(c.var.user)} />));

  const newsletter = async (user: NewsroomEnv['Variables']['user'], slug: string) => {
    const found = await desk.newsletter(user, slug);
    if (!found) throw new NotFoundError(`No newsletter "${slug}"`);
    return found;
  };

  app.get('/admin/newsletters/:slug', async (c) => c.html(<NewsletterEditPage newsletter={await newsletter(c.var.user, c.req.param('slug'))} csrfToken={c.var.csrfToken} />));

  app.post('/admin/newsletters/:slug', async (c) => {
    const slug = c.req.param('slug');
    const f = await formFields(c);
    const scheduled = Boolean(f.cron?.trim() || f.label?.trim());
    return saveOr(
      async () => {
        await desk.editNewsletter(c.var.user, slug, {
          name: f.name ?? '',
          description: f.description ?? '',
          cadence: scheduled ? { cron: f.cron?.trim() ?? '', timezone: f.timezone?.trim() || 'UTC', label: f.label?.trim() ?? '' } : null,
          senderName: f.senderName?.trim() || null,
          replyTo: f.replyTo?.trim() || null,
          requiresApproval: f.requiresApproval === 'on',
          marketing: f.marketing === 'on',
        });
        return c.redirect('/admin/newsletters', 303);
      },
      async (error, status) => c.html(<NewsletterEditPage newsletter={await newsletter(c.var.user, slug)} csrfToken={c.var.csrfToken} values={f} error={error} />, status),
    );
  });

  return app;
}
