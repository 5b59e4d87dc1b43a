import { Hono, type Context } from 'hono';
import { stringify } from 'csv-stringify/sync';
import type { NewsroomEnv } from '../../admin/env.js';
import { toastRedirect } from '../../admin/components/toast.js';
import { formFields, idParam } from '../../admin/manage/form.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Services } from '../../services.js';
import { safeCell } from './csv-cells.js';
import { memberFilterFrom } from './member-admin.js';
import type { MemberFilter } from './member-store.js';
import { ImportPage, MemberPage, MembersListPage, sourceLabels, statusLabels, type MemberPageProps } from './MembersPages.js';
import { RevenuePage } from './RevenuePage.js';

const EXPORT_HEADER = ['email', 'name', 'status', 'plan', 'source', 'signed_up', 'labels'];

/** A refusal's words for one field, as the form shows them under the label. */
const problemOf = (error: ValidationError | ConflictError, field: string, label: string) =>
  error instanceof ValidationError ? `${label} ${error.issues.find((i) => i.path === field)?.message ?? error.reason}` : error.message;

/** /admin/members and its pages, for editors and admins (the member admin service refuses anyone else). */
export function memberAdminRoutes(services: Services) {
  const { memberAdmin } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/members', async (c) => {
    const choices = await memberAdmin.choices(c.var.user);
    const page = Math.max(1, Number(c.req.query('page')) || 1);
    let filter: MemberFilter;
    try {
      filter = memberFilterFrom(c.req.query());
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = Object.fromEntries(error.issues.map((i) => [i.path, `${i.path === 'from' ? 'Signed up from' : i.path === 'to' ? 'Signed up to' : i.path[0]!.toUpperCase() + i.path.slice(1)} ${i.message}`]));
      return c.html(<MembersListPage filter={{}} page={1} members={[]} hasNext={false} choices={choices} problem={{ message: error.reason, errors, typed: c.req.query() }} />, 422);
    }
    const { members, hasNext } = await memberAdmin.list(c.var.user, filter, page);
    return c.html(<MembersListPage filter={filter} page={page} members={members} hasNext={hasNext} choices={choices} />);
  });

  // Streamed a thousand rows at a time, so a list of any size never sits in memory whole.
  app.get('/admin/members/export.csv', async (c) => {
    const filter = memberFilterFrom(c.req.query());
    const batches = memberAdmin.exportRows(c.var.user, filter);
    const encoder = new TextEncoder();
    let headerSent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(stringify([EXPORT_HEADER])));
        }
        const next = await batches.next();
        if (next.done) return controller.close();
        const rows = next.value.map((m) => [m.email, m.name, statusLabels[m.status], m.plan, sourceLabels[m.origin], m.created_at.slice(0, 10), m.labels ? (JSON.parse(m.labels) as string[]).join(', ') : ''].map(safeCell));
        controller.enqueue(encoder.encode(stringify(rows)));
      },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="members-${stamp}.csv"` } });
  });

  app.get('/admin/members/revenue', async (c) => c.html(<RevenuePage {...await memberAdmin.revenue(c.var.user)} />));

  app.get('/admin/members/import', async (c) => {
    await memberAdmin.choices(c.var.user);
    return c.html(<ImportPage csrfToken={c.var.csrfToken} />);
  });

  app.post('/admin/members/import', async (c) => {
    const file = (await c.req.parseBody()).file;
    try {
      if (!(file instanceof File) || file.size === 0) throw new ValidationError('Choose a file to import', [{ path: 'file', message: 'Choose the CSV Ghost exported' }]);
      const summary = await memberAdmin.importGhost(c.var.user, await file.text());
      return c.html(<ImportPage csrfToken={c.var.csrfToken} summary={summary} />);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(<ImportPage csrfToken={c.var.csrfToken} error={`${error.reason}: ${error.issues.map((i) => i.message).join('; ')}`} />, 422);
    }
  });

  const memberPage = async (c: Context<NewsroomEnv>, id: number, extra: Partial<MemberPageProps> = {}) => (
    <MemberPage view={await memberAdmin.member(c.var.user, id)} csrfToken={c.var.csrfToken} {...extra} />
  );

  app.get('/admin/members/:id{[0-9]+}', async (c) => c.html(await memberPage(c, idParam(c, 'reader'))));

  app.post('/admin/members/:id{[0-9]+}/notes', async (c) => {
    const id = idParam(c, 'reader');
    const body = (await formFields(c)).body ?? '';
    try {
      await memberAdmin.addNote(c.var.user, id, body);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(await memberPage(c, id, { note: { value: body, error: problemOf(error, 'body', 'The note') } }), 422);
    }
    return toastRedirect(c, `/admin/members/${id}`, 'note-added');
  });

  app.post('/admin/members/:id{[0-9]+}/complimentary', async (c) => {
    const id = idParam(c, 'reader');
    const until = (await formFields(c)).until ?? '';
    try {
      await memberAdmin.grant(c.var.user, id, until);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(await memberPage(c, id, { grant: { value: until, error: problemOf(error, 'until', 'The end date') } }), 422);
    }
    return toastRedirect(c, `/admin/members/${id}`, 'saved');
  });

  app.post('/admin/members/:id{[0-9]+}/complimentary/remove', async (c) => {
    const id = idParam(c, 'reader');
    await memberAdmin.removeGrant(c.var.user, id);
    return toastRedirect(c, `/admin/members/${id}`, 'deleted');
  });

  return app;
}
