import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Section } from '../../content/taxonomy.js';
import type { CuratedSlot, IdlePin } from '../../fronts/front-service.js';
import { TOP_SLOTS } from '../../fronts/slots.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { DataTable } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import { Csrf, Field, FormErrors, Select } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';
import { zoneName } from '../time.js';

/** Where a front's newsroom page and forms live. */
export const frontAdminPath = (section: Pick<Section, 'slug'> | null) => (section ? `/admin/fronts/section/${encodeURIComponent(section.slug)}` : '/admin/fronts');

/** What the pin form held when it comes back with an error. */
export interface PinFormValues {
  article?: string;
  slot?: string;
  expires?: string;
}

export interface FrontPageProps {
  csrfToken: string;
  timeZone: string;
  fronts: Array<{ section: Section | null; name: string }>;
  section: Section | null;
  name: string;
  slots: CuratedSlot[];
  idle: IdlePin[];
  query: string;
  candidates: ArticleSummary[];
  values?: PinFormValues;
  error?: { message: string; fields: Record<string, string> };
}

/** The pin form's fields as the error summary names them, and the inputs it links to. */
const fieldNames: Record<string, string> = { article: 'Article', slot: 'Slot', expires: 'Unpin at' };
const fieldIds: Record<string, string> = { article: 'pin-article', slot: 'pin-slot', expires: 'pin-expires' };

const slotLabel = (slot: number) => (slot === 1 ? '1 (lead)' : String(slot));

const slotOptions = Array.from({ length: TOP_SLOTS }, (_, i) => ({ value: String(i + 1), label: i === 0 ? 'Slot 1: the lead' : `Slot ${i + 1}` }));

/** Links to every front; the one shown is marked. */
const FrontSwitch: FC<{ fronts: FrontPageProps['fronts']; current: Section | null }> = ({ fronts, current }) => (
  <nav class="fronts-switch" aria-label="Fronts">
    <ul>
      {fronts.map((f) => (
        <li>
          <a href={frontAdminPath(f.section)} aria-current={(f.section?.id ?? null) === (current?.id ?? null) ? 'page' : undefined}>
            {f.name}
          </a>
        </li>
      ))}
    </ul>
  </nav>
);

/** A small POST form of one button, for the table's row actions; `what` names the row to screen readers after the visible text. */
const RowAction: FC<{ action: string; csrfToken: string; fields: Record<string, string>; what: string; text: string }> = ({ action, csrfToken, fields, what, text }) => (
  <form method="post" action={action} class="inline">
    <Csrf token={csrfToken} />
    {Object.entries(fields).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <Button variant="quiet" class="btn-small">
      {text}
      <span class="visually-hidden">{` ${what}`}</span>
    </Button>
  </form>
);

const SlotRow: FC<{ slot: CuratedSlot; base: string; csrfToken: string }> = ({ slot, base, csrfToken }) => {
  const { article, pin, position } = slot;
  return (
    <tr class={pin ? 'fronts-pinned' : undefined}>
      <td class="fronts-slot">{slotLabel(position)}</td>
      <td>
        <a href={article.path}>{article.headline}</a>
        <span class="meta fronts-section"> · {article.section.name}</span>
      </td>
      <td>
        {pin ? (
          <>
            <span class="status status-published">Pinned</span>{' '}
            {pin.expiresAt ? (
              <span class="meta">
                until <LocalTime iso={pin.expiresAt} />
              </span>
            ) : (
              <span class="meta">until unpinned</span>
            )}
          </>
        ) : (
          <span class="status">Newest</span>
        )}
      </td>
      <td class="fronts-actions">
        {pin ? (
          <div class="button-row">
            {pin.slot > 1 && <RowAction action={`${base}/move`} csrfToken={csrfToken} fields={{ slot: String(pin.slot), direction: 'up' }} what={`"${article.headline}"`} text="Move up" />}
            {pin.slot < TOP_SLOTS && (
              <RowAction action={`${base}/move`} csrfToken={csrfToken} fields={{ slot: String(pin.slot), direction: 'down' }} what={`"${article.headline}"`} text="Move down" />
            )}
            <ConfirmForm action={`${base}/unpin`} csrfToken={csrfToken} label="Unpin" question={`Unpin "${article.headline}"? Its slot goes back to the newest story.`} hidden={{ slot: String(pin.slot) }} />
          </div>
        ) : (
          <RowAction action={`${base}/pin`} csrfToken={csrfToken} fields={{ article: String(article.id), slot: String(position) }} what={`"${article.headline}"`} text="Pin here" />
        )}
      </td>
    </tr>
  );
};

/** The pin form: choose an article (found by a GET search above it), a slot and an optional expiry. */
const PinForm: FC<Pick<FrontPageProps, 'csrfToken' | 'timeZone' | 'candidates' | 'values' | 'error' | 'query'> & { base: string }> = ({
  csrfToken,
  timeZone,
  candidates,
  values = {},
  error,
  query,
  base,
}) => {
  const fields = error?.fields ?? {};
  return (
    <section class="panel fronts-pin" aria-labelledby="pin-heading">
      <h2 id="pin-heading">Pin an article</h2>
      <form method="get" action={base} class="filters" role="search" aria-label="Find an article to pin">
        <Field id="q" label="Headline contains" name="q" type="search" value={query} class="field-grow" />
        <Button>Search</Button>
      </form>
      <FormErrors message={error?.message} errors={Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, `${fieldNames[k] ?? k}: ${v}`]))} ids={fieldIds} />
      {candidates.length === 0 ? (
        <EmptyState title={query ? `No published article here has "${query}" in its headline` : 'Nothing is published on this front yet'}>
          <p>Pins hold published articles only.</p>
        </EmptyState>
      ) : (
        <form method="post" action={`${base}/pin`}>
          <Csrf token={csrfToken} />
          {query && <input type="hidden" name="q" value={query} />}
          <fieldset id="pin-article" class={fields.article ? 'field-invalid' : undefined} aria-describedby={fields.article ? 'pin-article-error' : undefined}>
            <legend>{query ? 'Article' : 'Article (the latest published)'}</legend>
            {fields.article && (
              <p class="field-error" id="pin-article-error">
                <span class="visually-hidden">Error: </span>
                {fields.article}
              </p>
            )}
            <ul class="stack-list fronts-candidates">
              {candidates.map((a) => (
                <li class="field-check">
                  <input type="radio" id={`pin-article-${a.id}`} name="article" value={String(a.id)} checked={values.article === String(a.id)} required />
                  <label for={`pin-article-${a.id}`}>
                    {a.headline}
                    <span class="meta">
                      {' '}
                      · {a.section.name}
                      {a.publishedAt && (
                        <>
                          {' · '}
                          <LocalTime iso={a.publishedAt} format="date" timeZone={timeZone} />
                        </>
                      )}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div class="fronts-pin-fields">
            <Select id="pin-slot" label="Slot" name="slot" options={slotOptions} value={values.slot ?? '1'} error={fields.slot} />
            <Field
              id="pin-expires"
              label={`Unpin at (${zoneName(timeZone)})`}
              name="expires"
              type="datetime-local"
              value={values.expires ?? ''}
              hint="Optional. Leave empty to keep it pinned until you unpin it."
              error={fields.expires}
            />
          </div>
          <Button variant="primary">Pin</Button>
        </form>
      )}
    </section>
  );
};

/** One front's curation: its top slots as readers see them, pins not showing, and the pin form. */
export const FrontPage: FC<FrontPageProps> = (props) => {
  const { csrfToken, fronts, section, name, slots, idle } = props;
  const base = frontAdminPath(section);
  return (
    <AdminLayout title={`Fronts: ${name}`} width="wide" styles={['/static/newsroom-fronts.css']} actions={<a href={section ? `/${section.slug}` : '/'}>View this front</a>}>
      <FrontSwitch fronts={fronts} current={section} />
      <section class="fronts-slots" aria-labelledby="slots-heading">
        <h2 id="slots-heading">Top slots as readers see them</h2>
        <p class="hint">Pinned stories hold their slot; the others are the newest, and a pinned story does not appear again lower down.</p>
        {slots.length === 0 ? (
          <EmptyState title="Nothing is published on this front yet" />
        ) : (
          <DataTable
            caption={`Top ${TOP_SLOTS} slots of ${name}`}
            columns={[
              { key: 'slot', label: 'Slot' },
              { key: 'article', label: 'Article' },
              { key: 'pin', label: 'Pinned' },
              { key: 'actions', label: 'Actions' },
            ]}
          >
            {slots.map((slot) => (
              <SlotRow slot={slot} base={base} csrfToken={csrfToken} />
            ))}
          </DataTable>
        )}
      </section>
      {idle.length > 0 && (
        <section class="panel" aria-labelledby="idle-heading">
          <h2 id="idle-heading">Pins not showing</h2>
          <ul class="stack-list">
            {idle.map((p) => (
              <li>
                Slot {slotLabel(p.slot)}: {p.headline ? `"${p.headline}"` : `article ${p.articleId}`} is not shown because {p.reason}.{' '}
                <ConfirmForm action={`${base}/unpin`} csrfToken={csrfToken} label="Unpin" question="Remove this pin?" hidden={{ slot: String(p.slot) }} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <PinForm {...props} base={base} />
    </AdminLayout>
  );
};
