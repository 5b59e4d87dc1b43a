import type { FC } from 'hono/jsx';
import { AdminLayout } from '../../admin/components/AdminLayout.js';
import { Button } from '../../admin/components/Button.js';
import { ConfirmForm } from '../../admin/components/ConfirmForm.js';
import { DataTable } from '../../admin/components/DataTable.js';
import { EmptyState } from '../../admin/components/EmptyState.js';
import { Checkbox, Field, FormError, PostForm } from '../../admin/components/Form.js';
import { LocalTime } from '../../admin/components/LocalTime.js';
import type { Refusal } from '../../admin/manage/refusal.js';
import { refusedFields } from '../../admin/manage/views/refused-fields.js';
import { eventDescriptions, webhookEvents } from '../webhook-events.js';
import type { WebhookSubscription } from '../webhook-service.js';
import type { DeliveryRow } from '../webhook-store.js';

const fields = {
  url: { id: 'webhook-url', label: 'Endpoint URL' },
  events: { id: 'webhook-event-0', label: 'Events' },
  description: { id: 'webhook-description', label: 'Description' },
};

export interface WebhooksPageProps {
  subscriptions: WebhookSubscription[];
  csrfToken: string;
  /** A subscription just made, with its signing secret: shown this once. */
  made?: { subscription: WebhookSubscription; secret: string };
  refusal?: Refusal;
  values?: { url?: string; description?: string; events?: string[] };
}

const MadeSecret: FC<{ made: NonNullable<WebhooksPageProps['made']> }> = ({ made }) => (
  <section class="panel notice" aria-labelledby="made-webhook-heading" id="made-webhook">
    <h2 id="made-webhook-heading">Webhook made</h2>
    <p>
      {`Deliveries to ${made.subscription.url} are signed with this secret. Copy it into the receiving program now: it will not be shown again (delete the webhook and make a new one to get another).`}
    </p>
    <div class="field">
      <label for="made-webhook-secret">Signing secret</label>
      <input id="made-webhook-secret" type="text" readonly value={made.secret} autocomplete="off" spellcheck={false} />
    </div>
    <p class="hint">Check each delivery’s X-Broadsheet-Signature header (t=…,v1=…): the HMAC-SHA256 of “t.body” with this secret.</p>
  </section>
);

/** /admin/webhooks: every subscription, and the form for a new one. Admins only (the service checks). */
export const WebhooksPage: FC<WebhooksPageProps> = ({ subscriptions, csrfToken, made, refusal, values = {} }) => {
  const { errors, summary } = refusedFields(refusal, fields);
  const chosen = new Set(values.events ?? []);
  return (
    <AdminLayout title="Webhooks" width="wide">
      {made && <MadeSecret made={made} />}
      <p class="hint">
        A webhook tells another program when something happens here: Broadsheet POSTs a signed JSON message to its address, and tries again for a day if it does not answer
        with success.
      </p>
      {subscriptions.length ? (
        <DataTable
          caption="Webhooks"
          columns={[
            { key: 'url', label: 'Endpoint' },
            { key: 'events', label: 'Events', wide: true },
            { key: 'made', label: 'Made', wide: true },
            { key: 'waiting', label: 'Waiting' },
            { key: 'failed', label: 'Failed' },
          ]}
        >
          {subscriptions.map((s) => (
            <tr>
              <td>
                <a href={`/admin/webhooks/${s.id}`}>{s.url}</a>
                {s.description && <span class="hint"> {s.description}</span>}
              </td>
              <td class="wide">{s.events.join(', ')}</td>
              <td class="wide">
                <LocalTime iso={s.createdAt} format="date" />
              </td>
              <td>{s.pending}</td>
              <td>{s.failed ? <span class="status status-failed">{s.failed}</span> : '0'}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <EmptyState title="No webhooks yet">
          <p>Add one below for each program that should hear of new articles, members or newsletter sends.</p>
        </EmptyState>
      )}
      <section aria-labelledby="new-webhook-heading" id="new-webhook" class="panel">
        <h2 id="new-webhook-heading">Add a webhook</h2>
        {summary}
        <PostForm action="/admin/webhooks" csrfToken={csrfToken} label="Add a webhook">
          <Field id={fields.url.id} label={fields.url.label} name="url" type="url" value={values.url} error={errors.url} required maxlength={2048} hint="Where to POST: an http:// or https:// address." />
          <fieldset class="field" aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
            <legend>Events</legend>
            {errors.events && <FormError message={errors.events} />}
            {webhookEvents.map((event, i) => (
              <Checkbox id={`webhook-event-${i}`} name="events" value={event} label={event} hint={eventDescriptions[event]} checked={chosen.has(event)} />
            ))}
          </fieldset>
          <Field id={fields.description.id} label={fields.description.label} name="description" value={values.description} error={errors.description} maxlength={200} hint="Optional: what receives it, e.g. “Slack #newsroom”." />
          <div class="button-row">
            <Button variant="primary">Add webhook</Button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  );
};

const outcome = (d: DeliveryRow) => {
  if (d.status === 'delivered') return <span class="status status-published">Delivered</span>;
  if (d.status === 'failed') return <span class="status status-failed">Failed</span>;
  return <span class="status status-scheduled">{d.attempts ? 'Retrying' : 'Waiting'}</span>;
};

/** One webhook: its events, a test button, and the delivery log with each answer's status code and time. */
export const WebhookPage: FC<{ subscription: WebhookSubscription; log: DeliveryRow[]; csrfToken: string }> = ({ subscription, log, csrfToken }) => (
  <AdminLayout
    title={`Webhook: ${subscription.url}`}
    width="wide"
    actions={
      <PostForm action={`/admin/webhooks/${subscription.id}/test`} csrfToken={csrfToken} label="Send a test delivery">
        <Button variant="primary">Send test</Button>
      </PostForm>
    }
  >
    <p>{`Events: ${subscription.events.join(', ')}.${subscription.description ? ` ${subscription.description}` : ''}`}</p>
    {log.length ? (
      <DataTable
        caption="Deliveries, newest first"
        columns={[
          { key: 'event', label: 'Event' },
          { key: 'outcome', label: 'Outcome' },
          { key: 'code', label: 'Answer' },
          { key: 'attempts', label: 'Tries', wide: true },
          { key: 'time', label: 'Last try', wide: true },
          { key: 'duration', label: 'Took', wide: true },
          { key: 'id', label: 'Delivery id', wide: true },
        ]}
      >
        {log.map((d) => (
          <tr>
            <td>{d.event}</td>
            <td>
              {outcome(d)}
              {d.status === 'pending' && d.attempts > 0 && (
                <span class="hint">
                  {' next '}
                  <LocalTime iso={d.next_attempt_at} format="relative" />
                </span>
              )}
            </td>
            <td>{d.last_status_code ?? (d.last_error ? 'No answer' : '—')}</td>
            <td class="wide">{d.attempts}</td>
            <td class="wide">{d.last_attempt_at ? <LocalTime iso={d.last_attempt_at} format="relative" /> : 'Not yet'}</td>
            <td class="wide">{d.last_duration_ms === null ? '—' : `${d.last_duration_ms} ms`}</td>
            <td class="wide">
              <code>{d.delivery_key}</code>
            </td>
          </tr>
        ))}
      </DataTable>
    ) : (
      <EmptyState title="Nothing sent yet">
        <p>Deliveries appear here as events happen. Send a test to check the endpoint answers.</p>
      </EmptyState>
    )}
    <section class="panel" aria-labelledby="delete-webhook-heading">
      <h2 id="delete-webhook-heading">Delete this webhook</h2>
      <p>Nothing more is sent to it, and its log goes too.</p>
      <ConfirmForm action={`/admin/webhooks/${subscription.id}/delete`} csrfToken={csrfToken} label="Delete webhook" name="Delete webhook" question={`Delete the webhook to ${subscription.url}?`} />
    </section>
  </AdminLayout>
);
