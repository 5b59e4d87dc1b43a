import type { FC } from 'hono/jsx';
import { roles } from '../../accounts/users.js';
import type { ApiKeySummary } from '../../api/keys/api-keys.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { DataTable } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import { Field, PostForm, Select } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';
import type { Refusal } from '../manage/refusal.js';
import { refusedFields } from '../manage/views/refused-fields.js';

const keyFields = {
  name: { id: 'key-name', label: 'Name' },
  kind: { id: 'key-kind', label: 'Kind' },
  role: { id: 'key-role', label: 'Role of an Admin API token' },
};

const kindLabels = { content: 'Content API key', admin: 'Admin API token' } as const;

export interface IntegrationsPageProps {
  keys: ApiKeySummary[];
  csrfToken: string;
  siteUrl: string;
  /** A key just made: its secret, shown this once. */
  made?: { key: ApiKeySummary; plaintext: string };
  refusal?: Refusal;
  values?: Record<string, string | undefined>;
}

/** The secret of a key just made, with how to send it; it is never shown again. */
const MadeKey: FC<{ made: { key: ApiKeySummary; plaintext: string }; siteUrl: string }> = ({ made, siteUrl }) => {
  const origin = siteUrl.replace(/\/$/, '');
  return (
    <section class="panel notice" aria-labelledby="made-key-heading" id="made-key">
      <h2 id="made-key-heading">{`${kindLabels[made.key.kind]} “${made.key.name}” made`}</h2>
      <p>Copy it now: Broadsheet keeps only a fingerprint of it, and it will not be shown again.</p>
      <div class="field">
        <label for="made-key-secret">{made.key.kind === 'content' ? 'Content API key' : 'Admin API token'}</label>
        <input id="made-key-secret" type="text" readonly value={made.plaintext} autocomplete="off" spellcheck={false} />
      </div>
      {made.key.kind === 'content' ? (
        <p class="hint">{`Ghost clients take the site address ${origin} and this key; by hand: ${origin}/ghost/api/content/posts/?key=…`}</p>
      ) : (
        <p class="hint">{`Send it as the header Authorization: Bearer … to ${origin}/api/admin/. It acts as a ${made.key.role}.`}</p>
      )}
    </section>
  );
};

/**
 * /admin/integrations: the API keys, for admins. Content API keys are public by design (apps and
 * browsers send them in URLs) and only read what the site shows; Admin API tokens act with a role.
 */
export const IntegrationsPage: FC<IntegrationsPageProps> = ({ keys, csrfToken, siteUrl, made, refusal, values = {} }) => {
  const { errors, summary } = refusedFields(refusal, keyFields);
  return (
    <AdminLayout title="Integrations" width="wide">
      {made && <MadeKey made={made} siteUrl={siteUrl} />}
      <p class="hint">
        A Content API key lets an app, a partner site or a static front end read what the site publishes, in the shape of Ghost’s Content API. An Admin API token lets a
        program write with the role you give it. Revoke a key and it stops working at once.
      </p>
      {keys.length ? (
        <DataTable
          caption="API keys"
          columns={[
            { key: 'name', label: 'Name' },
            { key: 'kind', label: 'Kind' },
            { key: 'role', label: 'Role', wide: true },
            { key: 'prefix', label: 'Begins', wide: true },
            { key: 'created', label: 'Made', wide: true },
            { key: 'used', label: 'Last used' },
            { key: 'status', label: 'Status' },
          ]}
        >
          {keys.map((k) => (
            <tr>
              <td>{k.name}</td>
              <td>{kindLabels[k.kind]}</td>
              <td class="wide">{k.role ?? '—'}</td>
              <td class="wide">
                <code>{`${k.prefix}…`}</code>
              </td>
              <td class="wide">
                <LocalTime iso={k.createdAt} format="date" />
              </td>
              <td>{k.lastUsedAt ? <LocalTime iso={k.lastUsedAt} format="relative" /> : 'Never'}</td>
              <td>
                {k.revokedAt ? (
                  <span class="status status-failed">
                    Revoked <LocalTime iso={k.revokedAt} format="date" />
                  </span>
                ) : (
                  <ConfirmForm
                    action={`/admin/integrations/${k.id}/revoke`}
                    csrfToken={csrfToken}
                    label="Revoke"
                    name={`Revoke ${k.name}`}
                    question={`Revoke “${k.name}”? Everything using it stops working at once.`}
                  />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <EmptyState title="No API keys yet">
          <p>Make one below for each app or site that reads or writes, so each can be revoked on its own.</p>
        </EmptyState>
      )}
      <section aria-labelledby="new-key-heading" id="new-key" class="panel">
        <h2 id="new-key-heading">Make a key</h2>
        {summary}
        <PostForm action="/admin/integrations" csrfToken={csrfToken} label="Make a key">
          <Field id={keyFields.name.id} label={keyFields.name.label} name="name" value={values.name} error={errors.name} required maxlength={200} hint="What uses it, e.g. “Mobile app”." />
          <Select
            id={keyFields.kind.id}
            label={keyFields.kind.label}
            name="kind"
            value={values.kind ?? 'content'}
            error={errors.kind}
            options={[
              { value: 'content', label: 'Content API key (reads what the site publishes)' },
              { value: 'admin', label: 'Admin API token (writes, with a role)' },
            ]}
          />
          <Select
            id={keyFields.role.id}
            label={keyFields.role.label}
            name="role"
            value={values.role ?? 'editor'}
            error={errors.role}
            options={roles.map((r) => ({ value: r, label: r }))}
            hint="Only for Admin API tokens: the token may do what a person with this role may."
          />
          <div class="button-row">
            <Button variant="primary">Make key</Button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  );
};
