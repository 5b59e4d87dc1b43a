import { Hono, type Context } from 'hono';
import type { NewsletterAudience } from '../../newsletters/audience.js';
import { BroadsheetError, ForbiddenError, NotFoundError } from '../../errors.js';
import { ruleFromText, type NewsletterInput, type NewsletterRule } from '../../newsletters/catalogue.js';
import { byLocalDay } from '../../newsletters/schedule.js';
import type { Services } from '../../services.js';
import { toastRedirect } from '../components/toast.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, idParam, saveOr } from './form.js';
import { NewsletterEditPage, NewsletterIssuePage, NewslettersPage, PartnersPage } from './views/DeskPages.js';

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
    ...(f.audience !== undefined ? { audience: f.audience as NewsletterAudience } : {}),
  };
}

/**
 * Runs a desk action; a refusal the editor can act on (nothing new, too many tests, no SMTP,
 * a stale issue) comes back on the page with its status. Not found and forbidden go to the error page.
 */
async function actOr(work: () => Promise<Response>, again: (message: string, status: number) => Response | Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BroadsheetError && !(error instanceof NotFoundError || error instanceof ForbiddenError)) return again(error.message, error.status);
    throw error;
  }
}

/**
 * The email of an issue stands alone in a frame: it keeps its own inline styles (an email
 * needs them) under a policy that runs no script, loads nothing but images, and submits nothing.
 */
const EMAIL_PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

/** The partner content list and the newsletter catalogue with its issues, for the desk. */
export function deskRoutes(services: Services) {
  const { desk } = services;
  const app = new Hono<NewsroomEnv>();
  type C = Context<NewsroomEnv>;

  app.get('/admin/partners', async (c) => c.html(<PartnersPage articles={await desk.partnerContent(c.var.user)} />));

  const listPage = async (c: C, extra: { values?: Record<string, string>; error?: string } = {}) => {
    const [newsletters, sends] = await Promise.all([desk.newsletters(c.var.user), desk.newsletterSchedule(c.var.user)]);
    return <NewslettersPage newsletters={newsletters} schedule={byLocalDay(sends, c.var.timeZone)} csrfToken={c.var.csrfToken} {...extra} />;
  };

  app.get('/admin/newsletters', async (c) => c.html(await listPage(c)));

  app.post('/admin/newsletters', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        const added = await desk.addNewsletter(c.var.user, { slug: f.slug?.trim() ?? '', ...newsletterFields(f), rule: ruleFromText(f.rule ?? '', f.sections, f.topics) });
        return toastRedirect(c, `/admin/newsletters/${added.slug}`, 'created');
      },
      async (error, status) => c.html(await listPage(c, { values: f, error }), status),
    );
  });

  const editPage = async (c: C, slug: string, extra: { values?: Record<string, string>; error?: string } = {}) => {
    const found = await desk.newsletter(c.var.user, slug);
    if (!found) throw new NotFoundError(`No newsletter "${slug}"`);
    return <NewsletterEditPage newsletter={found} issues={await desk.newsletterIssues(c.var.user, found.id)} csrfToken={c.var.csrfToken} {...extra} />;
  };

  app.get('/admin/newsletters/:slug', async (c) => c.html(await editPage(c, c.req.param('slug'))));

  app.post('/admin/newsletters/:slug', async (c) => {
    const slug = c.req.param('slug');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await desk.editNewsletter(c.var.user, slug, newsletterFields(f));
        return toastRedirect(c, `/admin/newsletters/${slug}`, 'saved');
      },
      async (error, status) => c.html(await editPage(c, slug, { values: f, error }), status),
    );
  });

  app.post('/admin/newsletters/:slug/test', async (c) => {
    const slug = c.req.param('slug');
    return actOr(
      async () => {
        await desk.sendTestIssue(c.var.user, slug);
        return toastRedirect(c, `/admin/newsletters/${slug}`, 'test-sent');
      },
      async (error, status) => c.html(await editPage(c, slug, { error }), status as 400),
    );
  });

  app.post('/admin/newsletters/:slug/compose', async (c) => {
    const slug = c.req.param('slug');
    return actOr(
      async () => {
        const issue = await desk.composeNewsletter(c.var.user, slug);
        return c.redirect(`/admin/newsletters/${slug}/issues/${issue.id}`, 303);
      },
      async (error, status) => c.html(await editPage(c, slug, { error }), status as 400),
    );
  });

  const issuePage = async (c: C, error?: string) => {
    const { newsletter, issue, figures } = await desk.newsletterIssue(c.var.user, c.req.param('slug')!, idParam(c, 'issue'));
    const clicks = await services.linkClicks.ofIssue(c.var.user, issue.id);
    return <NewsletterIssuePage newsletter={newsletter} issue={issue} figures={figures} csrfToken={c.var.csrfToken} error={error} clicks={clicks} />;
  };

  app.get('/admin/newsletters/:slug/issues/:id', async (c) => c.html(await issuePage(c)));

  app.get('/admin/newsletters/:slug/issues/:id/email', async (c) => {
    const html = await desk.newsletterIssueEmail(c.var.user, c.req.param('slug'), idParam(c, 'issue'));
    return c.html(html, 200, { 'Content-Security-Policy': EMAIL_PREVIEW_POLICY, 'Cache-Control': 'no-store' });
  });

  /** Send, Hold and Discard answer on the issue's page; doing one twice does it once. */
  const decision = (act: 'send' | 'hold' | 'discard', toast: 'queued' | 'held' | 'discarded') =>
    app.post(`/admin/newsletters/:slug/issues/:id/${act}`, async (c) => {
      const slug = c.req.param('slug');
      const id = idParam(c, 'issue');
      const run = { send: desk.sendIssue, hold: desk.holdIssue, discard: desk.discardIssue }[act];
      const { segment } = await c.req.parseBody();
      return actOr(
        async () => {
          await run(c.var.user, slug, id, segment);
          return toastRedirect(c, act === 'discard' ? `/admin/newsletters/${slug}` : `/admin/newsletters/${slug}/issues/${id}`, toast);
        },
        async (error, status) => c.html(await issuePage(c, error), status as 400),
      );
    });
  decision('send', 'queued');
  decision('hold', 'held');
  decision('discard', 'discarded');

  return app;
}
