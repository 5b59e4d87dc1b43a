import type { FC } from 'hono/jsx';
import { audienceLabels, issueSegments, newsletterAudiences, segmentLabels } from '../../../newsletters/audience.js';
import type { ArticleSummary } from '../../../content/article-store.js';
import type { DeskService } from '../../../desk/desk-service.js';
import type { Newsletter, NewsletterRule } from '../../../newsletters/catalogue.js';
import type { DeliveryFigures } from '../../../newsletters/issue-store.js';
import type { Issue } from '../../../newsletters/issues.js';
import type { ScheduleDay } from '../../../newsletters/schedule.js';
import { AdminLayout } from '../../components/AdminLayout.js';
import { Button, LinkButton } from '../../components/Button.js';
import { ConfirmForm } from '../../components/ConfirmForm.js';
import { DataTable } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Checkbox, Field, FormError, PostForm, Select, TextArea } from '../../components/Form.js';
import { LocalTime, siteTimeZone } from '../../components/LocalTime.js';
import { IssueClicks } from '../../analytics/IssueClicks.js';
import { zoneAbbreviation, zoneName } from '../../time.js';

const styles = ['/static/newsroom-newsletters.css'];

export const PartnersPage: FC<{ articles: ArticleSummary[] }> = ({ articles }) => (
  <AdminLayout title="Partner content" width="wide">
    <p class="meta">Articles flagged as partner content (they carry a sponsor). Set or clear the sponsor in the article editor.</p>
    {articles.length === 0 ? (
      <EmptyState title="No partner content yet">An article becomes partner content when an editor gives it a sponsor.</EmptyState>
    ) : (
      <DataTable
        caption="Partner content"
        columns={[
          { key: 'headline', label: 'Headline' },
          { key: 'sponsor', label: 'Sponsor' },
          { key: 'status', label: 'Status' },
          { key: 'updated', label: 'Updated', wide: true },
        ]}
      >
        {articles.map((a) => (
          <tr>
            <td>
              <a href={`/admin/articles/${a.id}`}>{a.headline}</a>
            </td>
            <td>{a.sponsor}</td>
            <td>
              <span class={`status status-${a.status}`}>{a.status.replace('_', ' ')}</span>
            </td>
            <td class="wide">
              <LocalTime iso={a.updatedAt} format="date" />
            </td>
          </tr>
        ))}
      </DataTable>
    )}
  </AdminLayout>
);

/** A time of day in the site's zone with the zone named: "07:00 GMT". */
const TimeOfDay: FC<{ iso: string; timeZone: string }> = ({ iso, timeZone }) => {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return <time datetime={iso}>{`${time} ${zoneAbbreviation(timeZone, iso)}`}</time>;
};

/** The coming week's sends across newsletters, by day in the site's zone. */
const WeekSchedule: FC<{ days: ScheduleDay[]; newsletters: Newsletter[] }> = ({ days, newsletters }) => {
  const zone = siteTimeZone();
  const cadenceZone = (slug: string) => newsletters.find((n) => n.slug === slug)?.cadence?.timezone;
  return (
    <section aria-labelledby="nl-week-heading" class="panel nl-week">
      <h2 id="nl-week-heading">The week's sends</h2>
      <p class="meta">The next seven days, in {zoneName(zone)}. Held newsletters wait for an editor before they go.</p>
      {days.length === 0 ? (
        <EmptyState title="Nothing scheduled this week">Newsletters with a schedule appear here at each time they are composed.</EmptyState>
      ) : (
        <ol class="nl-days">
          {days.map((d) => (
            <li class="nl-day">
              <h3 class="nl-day-name">
                <LocalTime iso={d.sends[0]!.at} format="date" />
              </h3>
              <ul class="stack-list">
                {d.sends.map((s) => {
                  const own = cadenceZone(s.slug);
                  return (
                    <li class="nl-send">
                      <span class="nl-send-time">
                        <TimeOfDay iso={s.at} timeZone={zone} />
                      </span>{' '}
                      <a href={`/admin/newsletters/${s.slug}`}>{s.name}</a>
                      {s.held && (
                        <>
                          {' '}
                          <span class="status nl-status-held">held for approval</span>
                        </>
                      )}
                      {own && own !== zone && (
                        <span class="meta">
                          {' '}
                          (<TimeOfDay iso={s.at} timeZone={own} /> in {own})
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
};

/** Newsletters as the desk sees them: the week's sends, the catalogue and a form to add one. */
export const NewslettersPage: FC<{ newsletters: Newsletter[]; schedule: ScheduleDay[]; csrfToken: string; values?: NewsletterFormValues; error?: string }> = ({
  newsletters,
  schedule,
  csrfToken,
  values,
  error,
}) => (
  <AdminLayout title="Newsletters" width="wide" styles={styles} actions={<LinkButton href="#add-newsletter">Add a newsletter</LinkButton>}>
    <div class="nl-columns">
      <div>
        {newsletters.length === 0 ? (
          <EmptyState title="No newsletters yet">Add the first one below.</EmptyState>
        ) : (
          <DataTable
            caption="Newsletters"
            columns={[
              { key: 'name', label: 'Newsletter' },
              { key: 'cadence', label: 'Cadence' },
              { key: 'approval', label: 'Approval', wide: true },
            ]}
          >
            {newsletters.map((n) => (
              <tr>
                <td>
                  <a href={`/admin/newsletters/${n.slug}`}>{n.name}</a>
                </td>
                <td>
                  {n.cadence ? `${n.cadence.label} (${n.cadence.cron}, ${n.cadence.timezone})` : 'No schedule'}
                </td>
                <td class="wide">{n.requiresApproval ? 'Held for approval' : 'Sent automatically'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </div>
      <WeekSchedule days={schedule} newsletters={newsletters} />
    </div>
    <section aria-labelledby="add-newsletter" class="panel">
      <h2 id="add-newsletter">Add a newsletter</h2>
      <FormError message={error} />
      <PostForm action="/admin/newsletters" csrfToken={csrfToken} label="Add a newsletter">
        <Field id="nl-slug" label="Slug" name="slug" value={values?.slug} required hint="Its address: /newsletters/slug" />
        <NewsletterFields v={values ?? { rule: 'latest' }} />
        <div class="button-row">
          <Button variant="primary">Add newsletter</Button>
        </div>
      </PostForm>
    </section>
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
  audience: n.audience,
});

const ruleLabels: Array<{ value: NewsletterRule['kind']; label: string }> = [
  { value: 'latest', label: 'The latest articles from sections and topics' },
  { value: 'print-issue', label: 'Highlights of the latest print issue' },
  { value: 'archive', label: 'Archive picks from the same week in past years' },
  { value: 'manual', label: 'Hand-made issues only' },
];

/** The fields a newsletter's add and edit forms share. */
const NewsletterFields: FC<{ v: NewsletterFormValues }> = ({ v }) => (
  <>
    <Field id="nl-name" label="Name" name="name" value={v.name} required />
    <TextArea id="nl-description" label="Description" name="description" value={v.description} rows={3} />
    <fieldset class="nl-fieldset">
      <legend>Cadence (leave the schedule empty for a list without one)</legend>
      <Field id="nl-label" label="Cadence as readers see it" name="label" value={v.label} hint="For example: Every weekday morning" />
      <Field id="nl-cron" label="Schedule (cron)" name="cron" value={v.cron} hint="For example: 0 7 * * 1-5" />
      <Field id="nl-timezone" label="Time zone" name="timezone" value={v.timezone} hint="For example: Europe/London" />
    </fieldset>
    <fieldset class="nl-fieldset">
      <legend>What each issue collects</legend>
      <Select id="nl-rule" label="Content" name="rule" options={ruleLabels} value={v.rule} />
      <Field id="nl-sections" label="Sections" name="sections" value={v.sections} hint="For the latest articles: section slugs, separated by commas; empty for all." />
      <Field id="nl-topics" label="Topics" name="topics" value={v.topics} hint="Topic slugs, separated by commas." />
    </fieldset>
    <Field id="nl-sender" label="Sender name" name="senderName" value={v.senderName} />
    <Field id="nl-reply" label="Reply-to address" name="replyTo" type="email" value={v.replyTo} />
    <Checkbox id="nl-approval" name="requiresApproval" label="Hold each issue for an editor's approval" checked={v.requiresApproval === 'on'} />
    <Checkbox id="nl-marketing" name="marketing" label="Marketing list (needs consent)" checked={v.marketing === 'on'} />
    <Select
      id="nl-audience"
      label="Audience"
      name="audience"
      options={newsletterAudiences.map((a) => ({ value: a, label: audienceLabels[a] }))}
      value={v.audience ?? 'everyone'}
      hint="Who its issues reach: registered readers have claimed their account; members-only issues reach current members alone."
    />
  </>
);

export type IssueWithFigures = Awaited<ReturnType<DeskService['newsletterIssues']>>[number];

const statusWords: Record<Issue['status'], string> = {
  composed: 'Composed: not sent',
  awaiting_approval: 'Held for approval',
  sending: 'Sending',
  sent: 'Sent',
  skipped: 'Skipped: nothing new',
  discarded: 'Discarded',
};

const IssueStatus: FC<{ issue: Issue; figures: DeliveryFigures }> = ({ issue, figures }) => (
  <>
    <span class={`status nl-status-${issue.status}`}>
      {issue.status === 'sending' ? `Sending: ${figures.sent} of ${issue.recipients} sent, ${figures.failed} failed` : statusWords[issue.status]}
    </span>
  </>
);

/** Whether an issue's deliveries mean anything yet: only once its recipients were fixed. */
const hasDeliveries = (issue: Issue) => issue.status === 'sending' || issue.status === 'sent';

const Count: FC<{ issue: Issue; n: number }> = ({ issue, n }) => <td class="num">{hasDeliveries(issue) ? n : '—'}</td>;

/** A newsletter's recent issues with their delivery figures, each linking to its contents. */
const IssuesSection: FC<{ slug: string; issues: IssueWithFigures[] }> = ({ slug, issues }) => (
  <section aria-labelledby="issues-heading" class="nl-issues">
    <h2 id="issues-heading">Issues</h2>
    {issues.length === 0 ? (
      <EmptyState title="No issues yet">Issues are composed at each scheduled time, or now with "Compose now".</EmptyState>
    ) : (
      <>
        <DataTable
          caption="Issues and their deliveries"
          columns={[
            { key: 'subject', label: 'Issue' },
            { key: 'status', label: 'State' },
            { key: 'when', label: 'Sent', wide: true },
            { key: 'recipients', label: 'Recipients', numeric: true },
            { key: 'sent', label: 'Delivered', numeric: true },
            { key: 'pending', label: 'Pending', numeric: true, wide: true },
            { key: 'failed', label: 'Failed', numeric: true },
            { key: 'bounced', label: 'Bounced or suppressed', numeric: true, wide: true },
          ]}
        >
          {issues.map(({ issue, figures }) => (
            <tr data-issue={issue.id}>
              <td>
                <a href={`/admin/newsletters/${slug}/issues/${issue.id}`}>{issue.subject || 'Nothing new'}</a>
                <br />
                <span class="meta">
                  Composed <LocalTime iso={issue.createdAt} />
                </span>
              </td>
              <td>
                <IssueStatus issue={issue} figures={figures} />
              </td>
              <td class="wide">{issue.sentAt ? <LocalTime iso={issue.sentAt} /> : issue.sendStartedAt ? <LocalTime iso={issue.sendStartedAt} format="relative" /> : '—'}</td>
              <Count issue={issue} n={issue.recipients} />
              <Count issue={issue} n={figures.sent} />
              <td class="num wide">{hasDeliveries(issue) ? figures.pending : '—'}</td>
              <Count issue={issue} n={figures.failed} />
              <td class="num wide">{hasDeliveries(issue) ? figures.bouncedOrSuppressed : '—'}</td>
            </tr>
          ))}
        </DataTable>
        <p class="meta">
          Failed counts every delivery that will not arrive; of those, bounced or suppressed are hard bounces, complaints and addresses that left before
          their turn. Opens and clicks are not tracked: issues carry no tracking pixel and their links are not redirected.
        </p>
      </>
    )}
  </section>
);

/** The newsletter's two desk actions, beside its title; hand-made lists have no rule to compose from. */
const NewsletterActions: FC<{ newsletter: Newsletter; csrfToken: string }> = ({ newsletter, csrfToken }) =>
  newsletter.rule.kind === 'manual' ? null : (
    <>
      <PostForm action={`/admin/newsletters/${newsletter.slug}/test`} csrfToken={csrfToken} class="nl-action">
        <Button>Send a test to me</Button>
      </PostForm>
      <PostForm action={`/admin/newsletters/${newsletter.slug}/compose`} csrfToken={csrfToken} class="nl-action">
        <Button variant="primary">Compose now</Button>
      </PostForm>
    </>
  );

export const NewsletterEditPage: FC<{ newsletter: Newsletter; issues: IssueWithFigures[]; csrfToken: string; values?: NewsletterFormValues; error?: string }> = ({
  newsletter,
  issues,
  csrfToken,
  values,
  error,
}) => (
  <AdminLayout title={newsletter.name} width="wide" styles={styles} actions={<NewsletterActions newsletter={newsletter} csrfToken={csrfToken} />}>
    <p class="meta">
      {newsletter.cadence ? `${newsletter.cadence.label} (${newsletter.cadence.cron}, ${newsletter.cadence.timezone})` : 'No schedule'} ·{' '}
      {newsletter.requiresApproval ? 'held for approval' : 'sent automatically'} · readers see it at{' '}
      <a href={`/newsletters/${newsletter.slug}`}>/newsletters/{newsletter.slug}</a>
    </p>
    {newsletter.rule.kind === 'manual' && (
      <p class="notice">
        A hand-made list: compose its issues with <code>npx broadsheet newsletter send {newsletter.slug} --subject … --article …</code>.
      </p>
    )}
    <FormError message={error} />
    <IssuesSection slug={newsletter.slug} issues={issues} />
    <section aria-labelledby="nl-settings-heading" class="panel nl-settings">
      <h2 id="nl-settings-heading">Settings</h2>
      <PostForm action={`/admin/newsletters/${newsletter.slug}`} csrfToken={csrfToken} label="Edit the newsletter">
        <NewsletterFields v={values ?? newsletterFormValues(newsletter)} />
        <div class="button-row">
          <Button variant="primary">Save newsletter</Button>
        </div>
      </PostForm>
    </section>
  </AdminLayout>
);

/**
 * One issue: its subject, its articles and its email as readers will see it, then what can be
 * done with it. A composed issue is sent or held; a held one sent or discarded.
 */
export const NewsletterIssuePage: FC<{ newsletter: Newsletter; issue: Issue; figures: DeliveryFigures; csrfToken: string; error?: string; clicks?: Array<{ url: string; clicks: number }> }> = ({
  newsletter,
  issue,
  figures,
  csrfToken,
  error,
  clicks,
}) => {
  const base = `/admin/newsletters/${newsletter.slug}/issues/${issue.id}`;
  const undecided = issue.status === 'composed' || issue.status === 'awaiting_approval';
  return (
    <AdminLayout title={`${newsletter.name}: issue ${issue.id}`} width="wide" styles={styles} actions={<LinkButton href={`/admin/newsletters/${newsletter.slug}`}>All issues</LinkButton>}>
      <FormError message={error} />
      <div class="nl-issue">
        <div class="nl-issue-facts">
          <section class="panel" aria-labelledby="nl-issue-heading">
            <h2 id="nl-issue-heading">Subject</h2>
            <p class="nl-subject">{issue.subject}</p>
            <p>
              <IssueStatus issue={issue} figures={figures} />
            </p>
            <p class="meta">
              Composed <LocalTime iso={issue.createdAt} />
              {issue.sentAt && (
                <>
                  {' '}
                  · sent <LocalTime iso={issue.sentAt} />
                </>
              )}
            </p>
            {issue.intro && <p>{issue.intro}</p>}
            <h3>{issue.items.length === 1 ? 'One article' : `${issue.items.length} articles`}</h3>
            <ol class="nl-articles">
              {issue.items.map((item) => (
                <li>
                  <span class="meta">{item.kicker}</span>
                  <br />
                  <a href={item.path}>{item.headline}</a>
                </li>
              ))}
            </ol>
            {undecided && (
              <div class="button-row nl-decide">
                <PostForm action={`${base}/send`} csrfToken={csrfToken} class="nl-action">
                  <Select id="nl-segment" label="Send to" name="segment" options={issueSegments.map((s) => ({ value: s, label: segmentLabels[s] }))} value="everyone" />
                  <Button variant="primary">Send</Button>
                </PostForm>
                {issue.status === 'composed' && (
                  <PostForm action={`${base}/hold`} csrfToken={csrfToken} class="nl-action">
                    <Button>Hold</Button>
                  </PostForm>
                )}
                <ConfirmForm action={`${base}/discard`} csrfToken={csrfToken} label="Discard" question="Discard this issue? It will never be sent; its articles go in the next issue." />
              </div>
            )}
            {undecided && (
              <p class="meta">
                Send goes to the chosen subscribers (every one, as a scheduled issue does, unless you choose a segment), within the newsletter's audience. {issue.status === 'composed' ? 'Hold keeps it to send or discard later.' : ''}
              </p>
            )}
          </section>
          {hasDeliveries(issue) && (
            <section class="panel" aria-labelledby="nl-figures-heading">
              <h2 id="nl-figures-heading">Deliveries</h2>
              <dl class="nl-figures">
                <dt>Recipients</dt>
                <dd>{issue.recipients}</dd>
                <dt>Delivered</dt>
                <dd>{figures.sent}</dd>
                <dt>Pending</dt>
                <dd>{figures.pending}</dd>
                <dt>Failed</dt>
                <dd>{figures.failed}</dd>
                <dt>Bounced or suppressed</dt>
                <dd>{figures.bouncedOrSuppressed}</dd>
                <dt>Opened</dt>
                <dd>Not tracked</dd>
              </dl>
            </section>
          )}
          {hasDeliveries(issue) && clicks && (
            <IssueClicks issueId={issue.id} clicks={clicks} items={issue.items} />
          )}
        </div>
        <section class="nl-preview" aria-labelledby="nl-preview-heading">
          <h2 id="nl-preview-heading">The email</h2>
          <iframe class="nl-preview-frame" src={`${base}/email`} title={`The email: ${issue.subject}`} sandbox="" loading="lazy" />
        </section>
      </div>
    </AdminLayout>
  );
};
