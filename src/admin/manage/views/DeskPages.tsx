import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../../content/article-store.js';
import type { Newsletter, NewsletterRule } from '../../../newsletters/catalogue.js';
import type { Issue } from '../../../newsletters/issues.js';
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

/** Newsletters as the desk sees them: their cadences, and a form to add one. */
export const NewslettersPage: FC<{ newsletters: Newsletter[]; csrfToken: string; values?: NewsletterFormValues; error?: string }> = ({ newsletters, csrfToken, values, error }) => (
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
    <h2 id="add-newsletter">Add a newsletter</h2>
    <FormError message={error} />
    <PostForm action="/admin/newsletters" csrfToken={csrfToken} label="Add a newsletter">
      <Field id="nl-slug" label="Slug" name="slug" value={values?.slug} required hint="Its address: /newsletters/slug" />
      <NewsletterFields v={values ?? { rule: 'latest' }} />
      <p>
        <button type="submit">Add newsletter</button>
      </p>
    </PostForm>
  </AdminLayout>
);

export type NewsletterFormValues = Record<string, string | undefined>;

export const newsletterFormValues = (n: Newsletter): NewsletterFormValues => ({
  name: n.name,
  description: n.description,
  cron: n.cadence?.cron ?? '',
  timezone: n.cadence?.timezone ?? '',
  label: n.cadence?.label ?? '',
  rule: n.rule.kind,
  sections: n.rule.kind === 'latest' ? (n.rule.sections ?? []).join(', ') : '',
  topics: n.rule.kind === 'latest' ? (n.rule.topics ?? []).join(', ') : '',
  senderName: n.senderName ?? '',
  replyTo: n.replyTo ?? '',
  requiresApproval: n.requiresApproval ? 'on' : undefined,
  marketing: n.marketing ? 'on' : undefined,
});

const ruleLabels: Array<[NewsletterRule['kind'], string]> = [
  ['latest', 'The latest articles from sections and topics'],
  ['print-issue', 'Highlights of the latest print issue'],
  ['archive', 'Archive picks from the same week in past years'],
  ['manual', 'Hand-made issues only'],
];

/** The fields a newsletter's add and edit forms share. */
const NewsletterFields: FC<{ v: NewsletterFormValues }> = ({ v }) => (
  <>
    <Field id="nl-name" label="Name" name="name" value={v.name} required />
    <TextArea id="nl-description" label="Description" name="description" value={v.description} />
    <fieldset>
      <legend>Cadence (leave the schedule empty for a list without one)</legend>
      <Field id="nl-label" label="Cadence as readers see it" name="label" value={v.label} hint="For example: Every weekday morning" />
      <Field id="nl-cron" label="Schedule (cron)" name="cron" value={v.cron} hint="For example: 0 7 * * 1-5" />
      <Field id="nl-timezone" label="Time zone" name="timezone" value={v.timezone} hint="For example: Europe/London" />
    </fieldset>
    <fieldset>
      <legend>What each issue collects</legend>
      <p>
        <label for="nl-rule">Content</label>
        <br />
        <select id="nl-rule" name="rule">
          {ruleLabels.map(([kind, label]) => (
            <option value={kind} selected={v.rule === kind}>
              {label}
            </option>
          ))}
        </select>
      </p>
      <Field id="nl-sections" label="Sections" name="sections" value={v.sections} hint="For the latest articles: section slugs, separated by commas; empty for all." />
      <Field id="nl-topics" label="Topics" name="topics" value={v.topics} hint="Topic slugs, separated by commas." />
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
  </>
);

export interface IssueWithProgress {
  issue: Issue;
  progress?: { queued: number; handed: number; sent: number; failed: number };
}

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function issueState({ issue, progress }: IssueWithProgress): string {
  switch (issue.status) {
    case 'awaiting_approval':
      return 'Held for approval';
    case 'sending':
      return progress ? `Sending: ${progress.sent} of ${issue.recipients} sent, ${progress.failed} failed` : 'Sending';
    case 'sent':
      return `Sent ${issue.sentAt ? utc(issue.sentAt) : ''} to ${issue.recipients}`;
    case 'skipped':
      return 'Skipped: nothing new';
  }
}

/** A newsletter's recent issues: what each holds, how its send is going, and approval for held ones. */
const IssuesSection: FC<{ slug: string; issues: IssueWithProgress[]; csrfToken: string }> = ({ slug, issues, csrfToken }) => (
  <section aria-labelledby="issues-heading">
    <h2 id="issues-heading">Issues</h2>
    {issues.length === 0 ? (
      <p>
        No issues yet. They are composed at each scheduled time, or at once with <code>npx broadsheet newsletter send {slug}</code>.
      </p>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Composed</th>
            <th scope="col">State</th>
            <th scope="col">Contents</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((entry) => (
            <tr>
              <td>{entry.issue.subject}</td>
              <td>{utc(entry.issue.createdAt)}</td>
              <td>
                {issueState(entry)}
                {entry.issue.status === 'awaiting_approval' && (
                  <PostForm action={`/admin/newsletters/${slug}/issues/${entry.issue.id}/approve`} csrfToken={csrfToken} label={`Approve issue ${entry.issue.id}`}>
                    <button type="submit">Approve and send</button>
                  </PostForm>
                )}
              </td>
              <td>
                {entry.issue.intro && <p>{entry.issue.intro}</p>}
                <ul>
                  {entry.issue.items.map((item) => (
                    <li>
                      <a href={item.path}>{item.headline}</a>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);

export const NewsletterEditPage: FC<{ newsletter: Newsletter; issues: IssueWithProgress[]; csrfToken: string; values?: NewsletterFormValues; error?: string; notice?: string }> = ({
  newsletter,
  issues,
  csrfToken,
  values,
  error,
  notice,
}) => (
  <AdminLayout title={`Newsletter: ${newsletter.name}`}>
    <p>
      Readers see it at <a href={`/newsletters/${newsletter.slug}`}>/newsletters/{newsletter.slug}</a>.
    </p>
    {notice && (
      <p role="status" class="notice">
        {notice}
      </p>
    )}
    <FormError message={error} />
    <PostForm action={`/admin/newsletters/${newsletter.slug}`} csrfToken={csrfToken} label="Edit the newsletter">
      <NewsletterFields v={values ?? newsletterFormValues(newsletter)} />
      <p>
        <button type="submit">Save newsletter</button>
      </p>
    </PostForm>
    <IssuesSection slug={newsletter.slug} issues={issues} csrfToken={csrfToken} />
  </AdminLayout>
);
