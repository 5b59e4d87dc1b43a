import type { FC } from 'hono/jsx';
import type { Page } from '../../pages/page-service.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button, LinkButton } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { DataTable } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import { Csrf, Field, Select, TextArea } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';
import type { Refusal } from '../manage/refusal.js';
import { refusedFields } from '../manage/views/refused-fields.js';

/** What the page form holds: the stored page, or what was typed into a refused one. */
export interface PageFormValues {
  slug: string;
  title: string;
  standfirst: string;
  /** The body's block JSON, as the editor island keeps it in the hidden field. */
  body: string;
  status: string;
}

const pageFields = {
  title: { id: 'p-title', label: 'Title' },
  slug: { id: 'p-slug', label: 'Address' },
  standfirst: { id: 'p-standfirst', label: 'Standfirst' },
  status: { id: 'p-status', label: 'Status' },
  body: { id: 'body-editor', label: 'Body' },
};

/** /admin/pages: every standing page, its address and whether readers see it. */
export const PagesList: FC<{ pages: Array<Page & { shadowedBy?: string }> }> = ({ pages }) => (
  <AdminLayout title="Pages" width="wide" actions={<LinkButton href="/admin/pages/new" variant="primary">New page</LinkButton>}>
    <p class="hint">Standing pages such as About, Contact and Privacy live at the site’s top level (/about) and are listed in every page’s footer once published.</p>
    {pages.length === 0 ? (
      <EmptyState title="No pages yet" action={<LinkButton href="/admin/pages/new">Write the first page</LinkButton>}>
        <p>Readers look for an About page, a way to contact the newsroom, and the privacy notice.</p>
      </EmptyState>
    ) : (
      <DataTable
        caption="Pages"
        columns={[
          { key: 'title', label: 'Title' },
          { key: 'address', label: 'Address' },
          { key: 'status', label: 'Status' },
          { key: 'updated', label: 'Updated', wide: true },
        ]}
      >
        {pages.map((p) => (
          <tr>
            <td>
              <a href={`/admin/pages/${p.id}`}>{p.title}</a>
            </td>
            <td>
              {p.path}
              {p.shadowedBy && <p class="field-error">{`Hidden: the section “${p.shadowedBy}” has this address, and a section wins. Give the page another address.`}</p>}
            </td>
            <td>{p.status === 'published' ? 'Published' : 'Draft'}</td>
            <td class="wide">
              <LocalTime iso={p.updatedAt} />
            </td>
          </tr>
        ))}
      </DataTable>
    )}
  </AdminLayout>
);

/**
 * New and edit: title, address, standfirst and status, and the body in the same editor as
 * articles (the island mounts on #article-form, #f-body and #body-editor). Without
 * JavaScript the body field keeps what is stored, so a save loses nothing.
 */
export const PageForm: FC<{ page?: Page; values: PageFormValues; csrfToken: string; refusal?: Refusal }> = ({ page, values, csrfToken, refusal }) => {
  const { errors, summary } = refusedFields(refusal, pageFields);
  const f = pageFields;
  const action = page ? `/admin/pages/${page.id}` : '/admin/pages';
  return (
    <AdminLayout
      title={page ? `Edit “${page.title}”` : 'New page'}
      width="wide"
      styles={['/static/newsroom-editor.css']}
      scripts={['/static/admin/editor.js']}
      actions={page?.status === 'published' && <LinkButton href={page.path} variant="quiet">View on the site</LinkButton>}
    >
      {summary}
      <form method="post" action={action} id="article-form" class="page-form" aria-label={page ? 'Edit page' : 'New page'}>
        <Csrf token={csrfToken} />
        <Field id={f.title.id} label={f.title.label} name="title" value={values.title} error={errors.title} required maxlength={200} />
        <Field
          id={f.slug.id}
          label={f.slug.label}
          name="slug"
          value={values.slug}
          error={errors.slug}
          required
          maxlength={120}
          hint="The page’s address after the site’s: “about” makes /about. Lowercase letters, digits and hyphens."
        />
        <TextArea id={f.standfirst.id} label={f.standfirst.label} name="standfirst" value={values.standfirst} error={errors.standfirst} rows={2} maxlength={500} />
        <div class="field writing-body">
          <p id="body-label" class="field-label">
            Body
          </p>
          {errors.body && (
            <p class="field-error" id="body-error">
              {errors.body}
            </p>
          )}
          <input type="hidden" name="body" id="f-body" value={values.body} />
          <div id="body-editor" aria-labelledby="body-label" data-placeholder="The body can be edited with JavaScript enabled." />
        </div>
        <Select
          id={f.status.id}
          label={f.status.label}
          name="status"
          value={values.status}
          error={errors.status}
          options={[
            { value: 'draft', label: 'Draft: only the newsroom sees it' },
            { value: 'published', label: 'Published: readers see it, and the footer links to it' },
          ]}
        />
        <div class="form-actions">
          <Button variant="primary">{page ? 'Save page' : 'Create page'}</Button>
        </div>
      </form>
      {page && <ConfirmForm action={`/admin/pages/${page.id}/delete`} csrfToken={csrfToken} label="Delete page" question={`Delete “${page.title}”? Its address stops answering at once.`} />}
    </AdminLayout>
  );
};
