import { Hono } from 'hono';
import { NotFoundError } from '../../errors.js';
import type { Role } from '../../accounts/users.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, idParam, intField, saveOr } from './form.js';
import { UserEditPage, UsersPage } from './views/UsersPages.js';

/** Accounts, for admins: add with a role, change the role, link an author profile, disable. */
export function usersAdminRoutes(services: Services) {
  const { accounts, taxonomy } = services;
  const app = new Hono<NewsroomEnv>();

  const listPage = async (c: { var: NewsroomEnv['Variables'] }, extra: { error?: string; values?: Record<string, string> } = {}) => (
    <UsersPage users={await accounts.list(c.var.user)} authors={await taxonomy.listAuthors()} csrfToken={c.var.csrfToken} {...extra} />
  );

  app.get('/admin/users', async (c) => c.html(await listPage(c)));

  app.post('/admin/users', async (c) => {
    const f = await formFields(c);
    return saveOr(
      async () => {
        await accounts.add(c.var.user, { name: f.name ?? '', email: f.email ?? '', role: (f.role ?? '') as Role, password: f.password ?? '', authorId: intField(f.authorId) ?? null });
        return c.redirect('/admin/users', 303);
      },
      async (error, status) => c.html(await listPage(c, { error, values: { ...f, password: '' } }), status),
    );
  });

  const target = async (c: { var: NewsroomEnv['Variables'] }, id: number) => {
    const user = (await accounts.list(c.var.user)).find((u) => u.id === id);
    if (!user) throw new NotFoundError(`No account with id ${id}`);
    return user;
  };

  app.get('/admin/users/:id', async (c) => {
    const user = await target(c, idParam(c, 'account'));
    return c.html(<UserEditPage user={user} authors={await taxonomy.listAuthors()} csrfToken={c.var.csrfToken} />);
  });

  app.post('/admin/users/:id', async (c) => {
    const id = idParam(c, 'account');
    const f = await formFields(c);
    return saveOr(
      async () => {
        await accounts.change(c.var.user, id, { role: f.role as Role, authorId: intField(f.authorId) ?? null, disabled: f.disabled === 'on' });
        return c.redirect('/admin/users', 303);
      },
      async (error, status) => c.html(<UserEditPage user={await target(c, id)} authors={await taxonomy.listAuthors()} csrfToken={c.var.csrfToken} error={error} values={f} />, status),
    );
  });

  return app;
}
