import type { FC } from 'hono/jsx';
import { roles, type User } from '../../../accounts/users.js';
import type { Author } from '../../../content/taxonomy.js';
import { AdminLayout } from '../../components/AdminLayout.js';
import { Button, LinkButton } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { Checkbox, Field, PostForm, Select } from '../../components/Form.js';
import { LocalTime } from '../../components/LocalTime.js';
import type { Refusal } from '../refusal.js';
import { sortLink, type TableSort } from '../table-sort.js';
import { refusedFields } from './refused-fields.js';

type Values = Record<string, string | undefined>;

const userFields = {
  name: { id: 'user-name', label: 'Name' },
  email: { id: 'user-email', label: 'Email' },
  role: { id: 'user-role', label: 'Role' },
  authorId: { id: 'user-author', label: 'Writes as author' },
  password: { id: 'user-password', label: 'First password' },
  disabled: { id: 'user-disabled', label: 'Disabled' },
};

const RoleSelect: FC<{ selected?: string; error?: string }> = ({ selected, error }) => (
  <Select
    id={userFields.role.id}
    label={userFields.role.label}
    name="role"
    value={selected}
    error={error}
    options={roles.map((r) => ({ value: r, label: r }))}
    hint="Contributors write and submit; writers also publish their own; editors run the desk; admins also manage users and settings."
  />
);

const AuthorSelect: FC<{ authors: Author[]; selected?: string; error?: string }> = ({ authors, selected, error }) => (
  <Select
    id={userFields.authorId.id}
    label={userFields.authorId.label}
    name="authorId"
    value={selected ?? ''}
    error={error}
    options={[{ value: '', label: 'No author profile' }, ...authors.map((a) => ({ value: String(a.id), label: a.name }))]}
  />
);

export const UsersPage: FC<{ users: User[]; authors: Author[]; sort: TableSort; csrfToken: string; refusal?: Refusal; values?: Values }> = ({
  users,
  authors,
  sort,
  csrfToken,
  refusal,
  values = {},
}) => {
  const authorName = (id: number | null) => authors.find((a) => a.id === id)?.name ?? '';
  const { errors, summary } = refusedFields(refusal, userFields);
  return (
    <AdminLayout title="Users" width="wide" actions={<LinkButton href="#add-user">Add a user</LinkButton>}>
      <DataTable
        caption="Newsroom accounts"
        columns={[
          { key: 'name', label: 'Name', sortable: true },
          { key: 'email', label: 'Email', sortable: true, wide: true },
          { key: 'role', label: 'Role', sortable: true },
          { key: 'author', label: 'Author', wide: true },
          { key: 'status', label: 'Status' },
          { key: 'added', label: 'Added', sortable: true, wide: true },
        ]}
        sort={sort}
        sortHref={sortLink('/admin/users')}
      >
        {users.map((u) => (
          <tr>
            <td>
              <a href={`/admin/users/${u.id}`}>{u.name}</a>
            </td>
            <td class="wide">{u.email}</td>
            <td>{u.role}</td>
            <td class="wide">{authorName(u.author_id)}</td>
            <td>
              <span class={`status ${u.disabled ? 'status-failed' : 'status-published'}`}>{u.disabled ? 'Disabled' : 'Active'}</span>
            </td>
            <td class="wide">
              <LocalTime iso={u.created_at} format="date" />
            </td>
          </tr>
        ))}
      </DataTable>
      <section aria-labelledby="add-user-heading" id="add-user" class="panel">
        <h2 id="add-user-heading">Add a user</h2>
        {summary}
        <PostForm action="/admin/users" csrfToken={csrfToken} label="Add a user">
          <Field id={userFields.name.id} label={userFields.name.label} name="name" value={values.name} error={errors.name} required />
          <Field id={userFields.email.id} label={userFields.email.label} name="email" type="email" value={values.email} error={errors.email} required />
          <RoleSelect selected={values.role ?? 'contributor'} error={errors.role} />
          <AuthorSelect authors={authors} selected={values.authorId} error={errors.authorId} />
          <Field
            id={userFields.password.id}
            label={userFields.password.label}
            name="password"
            type="password"
            error={errors.password}
            hint="At least 12 characters. Give it to them in person; they can change it from the sign-in page."
            autocomplete="new-password"
            required
          />
          <div class="button-row">
            <Button variant="primary">Add user</Button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  );
};

export const UserEditPage: FC<{ user: User; authors: Author[]; csrfToken: string; refusal?: Refusal; values?: Values }> = ({ user, authors, csrfToken, refusal, values }) => {
  const v = values ?? { role: user.role, authorId: user.author_id ? String(user.author_id) : '', disabled: user.disabled ? 'on' : undefined };
  const { errors, summary } = refusedFields(refusal, userFields);
  return (
    <AdminLayout title={`User: ${user.name}`}>
      <p class="meta">
        {user.email}, added <LocalTime iso={user.created_at} format="date" />
      </p>
      {summary}
      <PostForm action={`/admin/users/${user.id}`} csrfToken={csrfToken} label={`Change the account of ${user.name}`}>
        <RoleSelect selected={v.role} error={errors.role} />
        <AuthorSelect authors={authors} selected={v.authorId} error={errors.authorId} />
        <Checkbox id={userFields.disabled.id} label={userFields.disabled.label} name="disabled" checked={v.disabled === 'on'} hint="A disabled account cannot sign in; disabling it ends its sessions now." />
        <div class="button-row">
          <Button variant="primary">Save user</Button>
          <LinkButton href="/admin/users" variant="quiet">
            Cancel
          </LinkButton>
        </div>
      </PostForm>
    </AdminLayout>
  );
};
