import { Hono } from 'hono';
import { NotFoundError } from '../../errors.js';
import { ruleFromText, type NewsletterInput, type NewsletterRule } from '../../newsletters/catalogue.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, idParam, saveOr } from './form.js';
import { NewsletterEditPage, NewslettersPage, PartnersPage } from './views/DeskPages.js';

/** The newsletter form's fields as catalogue input. A post without a rule field keeps the rule. */
function newsletterFields(f: Record<string, string>): Omit<NewsletterInput, 'slug' | 'rule'> & { rule?: NewsletterRule } {
  const scheduled = Boolean(f.cron?.trim() || f.label?.trim());
  return {
    name: f.name ?? '',
    description: f.description ?? '',
    cadence: scheduled ? { cron: f.cron?.trim() ?? '', timezone: f.timezone?.trim() || 'UTC', label: f.label?.trim() ?? '' } : null,
    ...(f.rule !== undefined ? { rule: ruleFromText(f.rule, f.sections, f.topics) } : {}),
    senderName: f.senderName?.trim() || null,
    replyTo: f.replyTo?.trim() || null,
    requiresApproval: f.requiresApproval === 'on',
    marketing: f.marketing === 'on',
  };
}

/** The partner content list and the newsletter catalogue with its issues, for the desk. */
export function deskRoutes(services: Services) {
  const { desk } = services;
  const app = new Hono<NewsroomEnv>();
  type User = NewsroomEnv['Variables']['user'];

  app.get('/admin/partners', async (c) => c.html(<PartnersPage articles={await desk.partnerContent(c.var.user)} />));

  app.get('/admin/newsletters', async (c) => c.html(<NewslettersPage newsletters={await desk.newsletters(c.var.user)} csrfToken={c.var.csrfToken} />));

  app.post('/admin/newsletters', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        const added = await desk.addNewsletter(c.var.user, { slug: f.slug?.trim() ?? '', ...newsletterFields(f), rule: ruleFromText(f.rule ?? '', f.sections, f.topics) });
        return c.redirect(`/admin/newsletters/${added.slug}`, 303);
      },
      async (error, status) => c.html(<NewslettersPage newsletters={await desk.newsletters(c.var.user)} csrfToken={c.var.csrfToken} values={f} error={error} />, status),
    );
  });

  const newsletter = async (user: User, slug: string) => {
    const found = await desk.newsletter(user, slug);
    if (!found) throw new NotFoundError(`No newsletter "${slug}"`);
    return found;
  };
  const editPage = async (c: { var: NewsroomEnv['Variables'] }, slug: string, extra: { values?: Record<string, string>; error?: string; notice?: string } = {}) => {
    const found = await newsletter(c.var.user, slug);
    return <NewsletterEditPage newsletter={found} issues={await desk.newsletterIssues(c.var.user, found.id)} csrfToken={c.var.csrfToken} {...extra} />;
  };

  app.get('/admin/newsletters/:slug', async (c) =>
    c.html(await editPage(c, c.req.param('slug'), c.req.query('approved') ? { notice: 'Approved: the issue is being sent.' } : {})),
  );

  app.post('/admin/newsletters/:slug', async (c) => {
    const slug = c.req.param('slug');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.editNewsletter(c.var.user, slug, newsletterFields(f));
        return c.redirect('/admin/newsletters', 303);
      },
      async (error, status) => c.html(await editPage(c, slug, { values: f, error }), status),
    );
  });

  app.post('/admin/newsletters/:slug/issues/:id/approve', async (c) => {
    const slug = c.req.param('slug');
    return saveOr(
      async () => {
        await desk.approveIssue(c.var.user, slug, idParam(c, 'issue'));
        return c.redirect(`/admin/newsletters/${slug}?approved=1`, 303);
      },
      async (error, status) => c.html(await editPage(c, slug, { error }), status),
    );
  });

  return app;
}
