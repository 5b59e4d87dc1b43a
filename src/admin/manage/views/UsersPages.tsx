import type { FC } from 'hono/jsx';
import { roles, type User } from '../../../accounts/users.js';
import type { Author } from '../../../content/taxonomy.js';
import { AdminLayout } from '../../components/AdminLayout.js';
import { Button } from '../../components/Button.js';
import { Checkbox, Field, FormError, PostForm, Select } from '../../components/Form.js';

type Values = Record<string, string | undefined>;

const RoleSelect: FC<{ id: string; selected?: string }> = ({ id, selected }) => (
  <Select id={id} label="Role" name="role" value={selected} options={roles.map((r) => ({ value: r, label: r }))} hint="Contributors write and submit; writers also publish their own; editors run the desk; admins also manage users and settings." />
);

const AuthorSelect: FC<{ id: string; authors: Author[]; selected?: string }> = ({ id, authors, selected }) => (
  <Select id={id} label="Writes as author" name="authorId" value={selected ?? ''} options={[{ value: '', label: 'No author profile' }, ...authors.map((a) => ({ value: String(a.id), label: a.name }))]} />
);

export const UsersPage: FC<{ users: User[]; authors: Author[]; csrfToken: string; error?: string; values?: Values }> = ({ users, authors, csrfToken, error, values = {} }) => {
  const authorName = (id: number | null) => authors.find((a) => a.id === id)?.name ?? '';
  return (
    <AdminLayout title="Users" width="wide">
      <div class="table-frame">
      <table class="data-table">
        <caption class="visually-hidden">Newsroom accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Author</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>
                <a href={`/admin/users/${u.id}`}>{u.name}</a>
              </td>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>{authorName(u.author_id)}</td>
              <td>
                <span class={`status ${u.disabled ? 'status-failed' : 'status-published'}`}>{u.disabled ? 'Disabled' : 'Active'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h2>Add a user</h2>
      <FormError message={error} />
      <PostForm action="/admin/users" csrfToken={csrfToken} label="Add a user">
        <Field id="user-name" label="Name" name="name" value={values.name} required />
        <Field id="user-email" label="Email" name="email" type="email" value={values.email} required />
        <RoleSelect id="user-role" selected={values.role ?? 'contributor'} />
        <AuthorSelect id="user-author" authors={authors} selected={values.authorId} />
        <Field id="user-password" label="First password (at least 12 characters)" name="password" type="password" required />
        <div class="button-row">
          <Button variant="primary">Add user</Button>
        </div>
      </PostForm>
    </AdminLayout>
  );
};

export const UserEditPage: FC<{ user: User; authors: Author[]; csrfToken: string; error?: string; values?: Values }> = ({ user, authors, csrfToken, error, values }) => {
  const v = values ?? { role: user.role, authorId: user.author_id ? String(user.author_id) : '', disabled: user.disabled ? 'on' : undefined };
  return (
    <AdminLayout title={`User: ${user.name}`}>
      <p class="meta">{user.email}</p>
      <FormError message={error} />
      <PostForm action={`/admin/users/${user.id}`} csrfToken={csrfToken}>
        <RoleSelect id="user-role" selected={v.role} />
        <AuthorSelect id="user-author" authors={authors} selected={v.authorId} />
        <Checkbox id="user-disabled" label="Disabled" name="disabled" checked={v.disabled === 'on'} hint="A disabled account cannot sign in; disabling it ends its sessions now." />
        <div class="button-row">
          <Button variant="primary">Save user</Button>
        </div>
      </PostForm>
    </AdminLayout>
  );
};
