import type { FC } from 'hono/jsx';
import { AdminLayout } from '../../admin/components/AdminLayout.js';
import { Button, LinkButton } from '../../admin/components/Button.js';
import { ConfirmForm } from '../../admin/components/ConfirmForm.js';
import { DataTable, Pager } from '../../admin/components/DataTable.js';
import { EmptyState } from '../../admin/components/EmptyState.js';
import { Field, FormErrors, PostForm, Select, TextArea } from '../../admin/components/Form.js';
import { LocalTime } from '../../admin/components/LocalTime.js';
import { formatMoney } from '../money.js';
import type { ImportSummary, MemberAdminService, MemberSummary } from './member-admin.js';
import type { MemberFilter } from './member-store.js';

const STYLES = ['/static/newsroom-members.css'];

export const statusLabels = { member: 'Member', past_due: 'Past due', lapsed: 'Lapsed', free: 'Free' } as const;
export const sourceLabels = { stripe: 'Stripe', complimentary: 'Complimentary', import: 'Import', signup: 'Signup' } as const;

/** The list's address for a filter and page; empty parts are left out. */
export function membersHref(f: MemberFilter, page = 1, base = '/admin/members'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) if (value !== undefined && value !== '') params.set(key, String(value));
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

type Choices = Awaited<ReturnType<MemberAdminService['choices']>>;

const MemberRow: FC<{ m: MemberSummary }> = ({ m }) => (
  <tr>
    <td>
      <a href={`/admin/members/${m.id}`}>{m.email}</a>
    </td>
    <td class="wide">{m.name ?? ''}</td>
    <td>
      <span class={`member-status member-status-${m.status}`}>{statusLabels[m.status]}</span>
    </td>
    <td class="wide">{m.plan ?? '—'}</td>
    <td class="wide">{sourceLabels[m.origin]}</td>
    <td class="wide">
      <LocalTime iso={m.created_at} format="date" />
    </td>
  </tr>
);

export interface MembersListProps {
  filter: MemberFilter;
  page: number;
  members: MemberSummary[];
  hasNext: boolean;
  choices: Choices;
  /** A filter that could not be read: shown above the form, which keeps what was typed. */
  problem?: { message: string; errors: Record<string, string>; typed: Record<string, string> };
}

/** /admin/members: search, filters, the list and the ways out (export, import, revenue). */
export const MembersListPage: FC<MembersListProps> = ({ filter, page, members, hasNext, choices, problem }) => {
  const v = (key: keyof MemberFilter) => problem?.typed[key] ?? (filter[key] === undefined ? '' : String(filter[key]));
  const filtered = Object.keys(filter).length > 0 || problem;
  return (
    <AdminLayout
      title="Members"
      width="wide"
      styles={STYLES}
      actions={
        <>
          <LinkButton href="/admin/members/revenue">Revenue</LinkButton>
          <LinkButton href="/admin/members/import">Import from Ghost</LinkButton>
          <LinkButton href={membersHref(filter, 1, '/admin/members/export.csv')}>Export CSV</LinkButton>
        </>
      }
    >
      {problem && <FormErrors message={problem.message} errors={problem.errors} ids={{ from: 'members-from', to: 'members-to', status: 'members-status', source: 'members-source' }} />}
      <form method="get" action="/admin/members" class="filters" role="search" aria-label="Find members">
        <Field id="members-q" label="Email or name contains" name="q" type="search" value={v('q')} class="field-grow" maxlength={200} />
        <Select id="members-status" label="Status" name="status" value={v('status')} options={[{ value: '', label: 'Any' }, ...Object.entries(statusLabels).map(([value, label]) => ({ value, label }))]} error={problem?.errors.status} />
        <Select id="members-tier" label="Tier" name="tier" value={v('tier')} options={[{ value: '', label: 'Any' }, ...choices.tiers.map((t) => ({ value: String(t.id), label: t.name }))]} />
        <Select id="members-source" label="Source" name="source" value={v('source')} options={[{ value: '', label: 'Any' }, ...Object.entries(sourceLabels).map(([value, label]) => ({ value, label }))]} error={problem?.errors.source} />
        <Select id="members-newsletter" label="Newsletter" name="newsletter" value={v('newsletter')} options={[{ value: '', label: 'Any' }, ...choices.newsletters.map((n) => ({ value: String(n.id), label: n.name }))]} />
        <Field id="members-from" label="Signed up from" name="from" type="date" value={v('from')} error={problem?.errors.from} />
        <Field id="members-to" label="Signed up to" name="to" type="date" value={v('to')} error={problem?.errors.to} />
        <div class="button-row">
          <Button variant="secondary">Filter</Button>
          {filtered && (
            <a href="/admin/members" class="btn btn-quiet">
              Clear
            </a>
          )}
        </div>
      </form>
      {members.length === 0 ? (
        <EmptyState title={filtered ? 'No readers match' : 'No readers yet'}>
          {filtered ? 'Try fewer filters or other words.' : 'Newsletter subscribers, account holders and members appear here; or import them from Ghost.'}
        </EmptyState>
      ) : (
        <>
          <DataTable
            caption="Readers, newest signups first"
            columns={[
              { key: 'email', label: 'Email' },
              { key: 'name', label: 'Name', wide: true },
              { key: 'status', label: 'Status' },
              { key: 'plan', label: 'Plan', wide: true },
              { key: 'source', label: 'Source', wide: true },
              { key: 'created', label: 'Signed up', wide: true },
            ]}
          >
            {members.map((m) => (
              <MemberRow m={m} />
            ))}
          </DataTable>
          <Pager page={page} hasNext={hasNext} href={(p) => membersHref(filter, p)} label="Pages of readers" />
        </>
      )}
    </AdminLayout>
  );
};

type MemberView = Awaited<ReturnType<MemberAdminService['member']>>;

export interface MemberPageProps {
  view: MemberView;
  csrfToken: string;
  note?: { value: string; error?: string };
  grant?: { value: string; error?: string };
}

const membershipStatus = (status: string, cancelAtEnd: number) => (status === 'past_due' ? 'Past due' : status === 'canceled' ? 'Cancelled' : cancelAtEnd ? `${status}, ends at period end` : status);

/** A member's page: plan and status, complimentary membership, payments, newsletters, notes, sign-in links. */
export const MemberPage: FC<MemberPageProps> = ({ view, csrfToken, note, grant }) => {
  const r = view.reader;
  const base = `/admin/members/${r.id}`;
  return (
    <AdminLayout title={r.name ? `${r.name} (${r.email})` : r.email} width="wide" styles={STYLES} actions={<LinkButton href="/admin/members">All members</LinkButton>}>
      <dl class="member-facts">
        <dt>Status</dt>
        <dd>
          <span class={`member-status member-status-${r.status}`}>{statusLabels[r.status]}</span>
        </dd>
        <dt>Plan</dt>
        <dd>{r.plan ?? 'Free reader'}</dd>
        <dt>Source</dt>
        <dd>{sourceLabels[r.origin]}</dd>
        <dt>Signed up</dt>
        <dd>
          <LocalTime iso={r.created_at} format="date" />
        </dd>
        <dt>Account</dt>
        <dd>{r.claimed_at ? <>Claimed <LocalTime iso={r.claimed_at} format="date" /></> : 'Not claimed yet'}</dd>
        {r.labels && (
          <>
            <dt>Labels</dt>
            <dd>{(JSON.parse(r.labels) as string[]).join(', ')}</dd>
          </>
        )}
      </dl>

      <section class="panel" aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">Memberships and recurring donations</h2>
        {view.memberships.length === 0 ? (
          <p>None through Stripe.</p>
        ) : (
          <DataTable caption="Memberships and recurring donations" columns={[{ key: 'plan', label: 'Plan' }, { key: 'status', label: 'Status' }, { key: 'amount', label: 'Amount', numeric: true }, { key: 'end', label: 'Period ends', wide: true }]}>
            {view.memberships.map((m) => (
              <tr>
                <td>{m.tier_name ?? (m.kind === 'donation' ? 'Recurring donation' : 'Membership')}</td>
                <td>{membershipStatus(m.status, m.cancel_at_period_end)}</td>
                <td class="num">{m.amount !== null && m.currency ? `${formatMoney(m.amount, m.currency)} / ${m.interval === 'year' ? 'year' : 'month'}` : '—'}</td>
                <td class="wide">{m.current_period_end ? <LocalTime iso={m.current_period_end} format="date" /> : '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section class="panel" aria-labelledby="comp-heading">
        <h2 id="comp-heading">Complimentary membership</h2>
        {view.grant ? (
          <>
            <p>
              Given by {view.grant.granted_by} on <LocalTime iso={view.grant.created_at} format="date" />,{' '}
              {view.grant.until ? <>until <LocalTime iso={new Date(Date.parse(view.grant.until) - 1).toISOString()} format="date" /></> : 'with no end date'}.
            </p>
            <ConfirmForm action={`${base}/complimentary/remove`} csrfToken={csrfToken} label="Remove complimentary membership" question="The reader stops being a member at once (unless they pay). Remove it?" />
          </>
        ) : (
          <p>None.</p>
        )}
        <PostForm action={`${base}/complimentary`} csrfToken={csrfToken} label="Give a complimentary membership">
          <Field id="comp-until" name="until" type="date" label={view.grant ? 'Change the end date' : 'Give a complimentary membership until'} value={grant?.value ?? ''} error={grant?.error} hint="Leave empty for no end date. The reader reads as a member from now until the end of that day (UTC)." />
          <Button variant="primary">{view.grant ? 'Save end date' : 'Give a complimentary membership'}</Button>
        </PostForm>
      </section>

      <section class="panel" aria-labelledby="payments-heading">
        <h2 id="payments-heading">Payments</h2>
        {view.payments.length === 0 ? (
          <p>No payments.</p>
        ) : (
          <DataTable caption="Payments, newest first" columns={[{ key: 'date', label: 'Date' }, { key: 'kind', label: 'Kind' }, { key: 'amount', label: 'Amount', numeric: true }, { key: 'refunded', label: 'Refunded', numeric: true }]}>
            {view.payments.map((p) => (
              <tr>
                <td>
                  <LocalTime iso={p.paid_at} format="date" />
                </td>
                <td>{p.kind === 'one_off' ? 'One-off' : 'Recurring'}</td>
                <td class="num">{formatMoney(p.amount, p.currency)}</td>
                <td class="num">{p.amount_refunded ? formatMoney(p.amount_refunded, p.currency) : '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section class="panel" aria-labelledby="newsletters-heading">
        <h2 id="newsletters-heading">Newsletters</h2>
        {view.newsletters.length === 0 ? (
          <p>No newsletters.</p>
        ) : (
          <ul>
            {view.newsletters.map((n) => (
              <li>
                {n.name}: {n.status === 'active' ? 'subscribed' : n.status === 'pending' ? 'waiting for confirmation' : 'unsubscribed'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        {view.notes.length === 0 ? (
          <p>No notes yet.</p>
        ) : (
          <ul class="member-notes">
            {view.notes.map((n) => (
              <li>
                <p class="member-note-body">{n.body}</p>
                <p class="meta">
                  {n.author_name}, <LocalTime iso={n.created_at} />
                </p>
              </li>
            ))}
          </ul>
        )}
        <PostForm action={`${base}/notes`} csrfToken={csrfToken} label="Add a note">
          <TextArea id="note-body" name="body" label="Add a note" value={note?.value ?? ''} error={note?.error} rows={3} maxlength={5000} hint="Only the newsroom sees notes." />
          <Button variant="secondary">Add note</Button>
        </PostForm>
      </section>

      <section class="panel" aria-labelledby="links-heading">
        <h2 id="links-heading">Sign-in links sent</h2>
        {view.signInLinks.length === 0 ? (
          <p>None sent.</p>
        ) : (
          <DataTable caption="Sign-in links sent, newest first" columns={[{ key: 'sent', label: 'Sent' }, { key: 'used', label: 'Used' }]}>
            {view.signInLinks.map((l) => (
              <tr>
                <td>
                  <LocalTime iso={l.created_at} />
                </td>
                <td>{l.used_at ? <LocalTime iso={l.used_at} /> : l.expires_at < new Date().toISOString() ? 'Expired unused' : 'Not yet'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </AdminLayout>
  );
};

/** /admin/members/import: Ghost's members CSV, then what happened to each line. */
export const ImportPage: FC<{ csrfToken: string; summary?: ImportSummary; error?: string }> = ({ csrfToken, summary, error }) => (
  <AdminLayout title="Import members from Ghost" styles={STYLES} actions={<LinkButton href="/admin/members">All members</LinkButton>}>
    {summary && (
      <section class="panel" aria-labelledby="import-summary" role="status">
        <h2 id="import-summary">Imported</h2>
        <p>
          {summary.created} created, {summary.updated} updated, {summary.skipped.length} skipped.
        </p>
        {summary.skipped.length > 0 && (
          <ul class="import-skipped">
            {summary.skipped.map((s) => (
              <li>
                Line {s.line}: {s.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
    )}
    <p>
      In Ghost, Members → Export gives a CSV. Each address becomes one reader (an existing reader is updated, never duplicated). Readers subscribed to emails are confirmed to every newsletter
      that is not a marketing list; a complimentary plan becomes an open-ended complimentary membership; the Stripe customer, labels and note are kept. A line that cannot be imported is
      named and skipped; the others go in together or not at all.
    </p>
    <PostForm action="/admin/members/import" csrfToken={csrfToken} label="Import members" enctype="multipart/form-data">
      <div class={`field${error ? ' field-invalid' : ''}`}>
        <label for="import-file">Ghost members CSV</label>
        {error && (
          <p class="field-error" id="import-file-error">
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        <input id="import-file" type="file" name="file" accept=".csv,text/csv" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'import-file-error' : undefined} />
      </div>
      <Button variant="primary">Import</Button>
    </PostForm>
  </AdminLayout>
);
