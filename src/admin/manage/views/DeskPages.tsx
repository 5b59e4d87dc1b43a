import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../../content/article-store.js';
import type { Newsletter } from '../../../newsletters/catalogue.js';
import { AdminLayout } from '../../components/AdminLayout.js';
import { Field, FormError, PostForm, TextArea } from '../../components/Form.js';

export const PartnersPage: FC<{ articles: ArticleSummary[] }> = ({ articles }) => (
  <AdminLayout title="Partner content">
    <p>Articles flagged as partner content (they carry a sponsor). Set or clear the sponsor in the article editor.</p>
    {articles.length === 0 ? (
      <p>No partner content yet.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">Headline</th>
            <th scope="col">Sponsor</th>
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {articles.map((a) => (
            <tr>
              <td>
                <a href={`/admin/articles/${a.id}`}>{a.headline}</a>
              </td>
              <td>{a.sponsor}</td>
              <td>{a.status.replace('_', ' ')}</td>
              <td>{a.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </AdminLayout>
);

export const NewslettersPage: FC<{ newsletters: Newsletter[] }> = ({ newsletters }) => (
  <AdminLayout title="Newsletters">
    <table>
      <thead>
        <tr>
          <th scope="col">Newsletter</th>
          <th scope="col">Cadence</th>
          <th scope="col">Approval</th>
        </tr>
      </thead>
      <tbody>
        {newsletters.map((n) => (
          <tr>
            <td>
              <a href={`/admin/newsletters/${n.slug}`}>{n.name}</a>
            </td>
            <td>{n.cadence ? `${n.cadence.label} (${n.cadence.cron}, ${n.cadence.timezone})` : 'No schedule'}</td>
            <td>{n.requiresApproval ? 'Held for approval' : 'Sent automatically'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </AdminLayout>
);

export type NewsletterFormValues = Record<string, string | undefined>;

export const newsletterFormValues = (n: Newsletter): NewsletterFormValues => ({
  name: n.name,
  description: n.description,
  cron: n.cadence?.cron ?? '',
  timezone: n.cadence?.timezone ?? '',
  label: n.cadence?.label ?? '',
  senderName: n.senderName ?? '',
  replyTo: n.replyTo ?? '',
  requiresApproval: n.requiresApproval ? 'on' : undefined,
  marketing: n.marketing ? 'on' : undefined,
});

export const NewsletterEditPage: FC<{ newsletter: Newsletter; csrfToken: string; values?: NewsletterFormValues; error?: string }> = ({ newsletter, csrfToken, values, error }) => {
  const v = values ?? newsletterFormValues(newsletter);
  return (
    <AdminLayout title={`Newsletter: ${newsletter.name}`}>
      <p>
        Readers see it at <a href={`/newsletters/${newsletter.slug}`}>/newsletters/{newsletter.slug}</a>.
      </p>
      <FormError message={error} />
      <PostForm action={`/admin/newsletters/${newsletter.slug}`} csrfToken={csrfToken}>
        <Field id="nl-name" label="Name" name="name" value={v.name} required />
        <TextArea id="nl-description" label="Description" name="description" value={v.description} />
        <fieldset>
          <legend>Cadence (leave the schedule empty for a list without one)</legend>
          <Field id="nl-label" label="Cadence as readers see it" name="label" value={v.label} hint="For example: Every weekday morning" />
          <Field id="nl-cron" label="Schedule (cron)" name="cron" value={v.cron} hint="For example: 0 7 * * 1-5" />
          <Field id="nl-timezone" label="Time zone" name="timezone" value={v.timezone} hint="For example: Europe/London" />
        </fieldset>
        <Field id="nl-sender" label="Sender name" name="senderName" value={v.senderName} />
        <Field id="nl-reply" label="Reply-to address" name="replyTo" type="email" value={v.replyTo} />
        <p>
          <input id="nl-approval" type="checkbox" name="requiresApproval" checked={v.requiresApproval === 'on'} />{' '}
          <label for="nl-approval">Hold each issue for an editor's approval</label>
        </p>
        <p>
          <input id="nl-marketing" type="checkbox" name="marketing" checked={v.marketing === 'on'} /> <label for="nl-marketing">Marketing list (needs consent)</label>
        </p>
        <p>
          <button type="submit">Save newsletter</button>
        </p>
      </PostForm>
    </AdminLayout>
  );
};
