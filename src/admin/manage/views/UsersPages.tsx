import type { FC } from 'hono/jsx';
import { roles, type User } from '../../../accounts/users.js';
import type { Author } from '../../../content/taxonomy.js';
import { AdminLayout } from '../../components/AdminLayout.js';
import { Field, FormError, PostForm } from '../../components/Form.js';

type Values = Record<string, string | undefined>;

const RoleSelect: FC<{ id: string; selected?: string }> = ({ id, selected }) => (
  <p>
    <label for={id}>Role</label>
    <br />
    <select id={id} name="role">
      {roles.map((r) => (
        <option value={r} selected={selected === r}>
          {r}
        </option>
      ))}
    </select>
  </p>
);

const AuthorSelect: FC<{ id: string; authors: Author[]; selected?: string }> = ({ id, authors, selected }) => (
  <p>
    <label for={id}>Writes as author</label>
    <br />
    <select id={id} name="authorId">
      <option value="">No author profile</option>
      {authors.map((a) => (
        <option value={String(a.id)} selected={selected === String(a.id)}>
          {a.name}
        </option>
      ))}
    </select>
  </p>
);

export const UsersPage: FC<{ users: User[]; authors: Author[]; csrfToken: string; error?: string; values?: Values }> = ({ users, authors, csrfToken, error, values = {} }) => {
  const authorName = (id: number | null) => authors.find((a) => a.id === id)?.name ?? '';
  return (
    <AdminLayout title="Users">
      <table>
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
              <td>{u.disabled ? 'Disabled' : 'Active'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a user</h2>
      <FormError message={error} />
      <PostForm action="/admin/users" csrfToken={csrfToken} label="Add a user">
        <Field id="user-name" label="Name" name="name" value={values.name} required />
        <Field id="user-email" label="Email" name="email" type="email" value={values.email} required />
        <RoleSelect id="user-role" selected={values.role ?? 'contributor'} />
        <AuthorSelect id="user-author" authors={authors} selected={values.authorId} />
        <Field id="user-password" label="First password (at least 12 characters)" name="password" type="password" required />
        <p>
          <button type="submit">Add user</button>
        </p>
      </PostForm>
    </AdminLayout>
  );
};

export const UserEditPage: FC<{ user: User; authors: Author[]; csrfToken: string; error?: string; values?: Values }> = ({ user, authors, csrfToken, error, values }) => {
  const v = values ?? { role: user.role, authorId: user.author_id ? String(user.author_id) : '', disabled: user.disabled ? 'on' : undefined };
  return (
    <AdminLayout title={`User: ${user.name}`}>
      <p>{user.email}</p>
      <FormError message={error} />
      <PostForm action={`/admin/users/${user.id}`} csrfToken={csrfToken}>
        <RoleSelect id="user-role" selected={v.role} />
        <AuthorSelect id="user-author" authors={authors} selected={v.authorId} />
        <p>
          <input id="user-disabled" type="checkbox" name="disabled" checked={v.disabled === 'on'} />{' '}
          <label for="user-disabled">Disabled (cannot sign in; disabling ends their sessions now)</label>
        </p>
        <p>
          <button type="submit">Save user</button>
        </p>
      </PostForm>
    </AdminLayout>
  );
};
