import { Hono, type Context } from 'hono';
import { NotFoundError } from '../../errors.js';
import type { Role, User } from '../../accounts/users.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { toastRedirect } from '../components/toast.js';
import { formFields, idParam, intField } from './form.js';
import { saveOrRefuse, type Refusal } from './refusal.js';
import { sortFromQuery, sortRows, type SortKeys } from './table-sort.js';
import { UserEditPage, UsersPage } from './views/UsersPages.js';

const userSort: SortKeys<User> = { name: (u) => u.name, email: (u) => u.email, role: (u) => u.role, added: (u) => u.created_at };
/** The service names the linked author profile 'author'; the form, 'authorId'. */
const accountFields = { rename: { author: 'authorId' } };

/** Accounts, for admins: add with a role, change the role, link an author profile, disable. */
export function usersAdminRoutes(services: Services) {
  const { accounts, taxonomy } = services;
  const app = new Hono<NewsroomEnv>();

  const listPage = async (c: Context<NewsroomEnv>, extra: { refusal?: Refusal; values?: Record<string, string> } = {}) => {
    const sort = sortFromQuery({ sort: c.req.query('sort'), dir: c.req.query('dir') }, userSort, { key: 'name', dir: 'asc' });
    const users = sortRows(await accounts.list(c.var.user), sort, userSort);
    return <UsersPage users={users} sort={sort} authors={await taxonomy.listAuthors()} csrfToken={c.var.csrfToken} {...extra} />;
  };

  app.get('/admin/users', async (c) => c.html(await listPage(c)));

  app.post('/admin/users', async (c) => {
    const f = await formFields(c);
    return saveOrRefuse(
      async () => {
        await accounts.add(c.var.user, { name: f.name ?? '', email: f.email ?? '', role: (f.role ?? '') as Role, password: f.password ?? '', authorId: intField(f.authorId) ?? null });
        return toastRedirect(c, '/admin/users', 'created');
      },
      async (refusal, status) => c.html(await listPage(c, { refusal, values: { ...f, password: '' } }), status),
      { ...accountFields, conflictField: 'email' },
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
    return saveOrRefuse(
      async () => {
        await accounts.change(c.var.user, id, { role: f.role as Role, authorId: intField(f.authorId) ?? null, disabled: f.disabled === 'on' });
        return toastRedirect(c, '/admin/users', 'saved');
      },
      async (refusal, status) => c.html(<UserEditPage user={await target(c, id)} authors={await taxonomy.listAuthors()} csrfToken={c.var.csrfToken} refusal={refusal} values={f} />, status),
      accountFields,
    );
  });

  return app;
}
