import type { Child, FC } from 'hono/jsx';
import { AreaMessagePage, AreaPage } from '../../reader-ui/AreaPage.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';
import { formatDate } from '../../reader-ui/format.js';
import { SignupBox } from './SignupBox.js';
import type { Newsletter } from '../catalogue.js';
import type { Issue } from '../issues.js';
import type { PreferenceView } from '../subscriptions.js';

const Page: FC<{ chrome: SiteChrome; title: string; description?: string; children?: Child }> = (props) => <AreaPage area="newsletters" {...props} />;

const cadenceOf = (n: Newsletter) => n.cadence?.label ?? 'Occasional';

export interface SignupFormState {
  email?: string;
  ticked?: string[];
  problems?: string[];
  /** The article page the refused signup came from, kept for the next try. */
  fromArticle?: number;
}

/** The catalogue: every newsletter with its description and cadence, one form to sign up (and its re-render with the problems named). */
export const CataloguePage: FC<{ chrome: SiteChrome; newsletters: Newsletter[]; form?: SignupFormState }> = ({ chrome, newsletters, form }) => (
  <Page chrome={chrome} title="Newsletters" description={`Sign up for ${chrome.siteName}'s newsletters.`}>
    <h1>Newsletters</h1>
    <p class="newsletters-intro">Tick the newsletters you would like, enter your email address, and we will send one email to confirm them all.</p>
    <SignupBox
      newsletters={newsletters.map((n) => ({ ...n, ticked: form?.ticked?.includes(n.slug) }))}
      legend="Choose newsletters"
      email={form?.email ?? ''}
      problems={form?.problems}
      pastIssues
      fromArticle={form?.fromArticle}
    />
  </Page>
);

export const MessagePage: FC<{ chrome: SiteChrome; title: string; children?: Child }> = (props) => <AreaMessagePage area="newsletters" {...props} />;

/** Tick or untick each newsletter, or leave them all. */
export const PreferencesPage: FC<{ chrome: SiteChrome; view: PreferenceView; token: string; saved?: boolean }> = ({ chrome, view, token, saved }) => (
  <Page chrome={chrome} title="Your newsletters">
    <h1>Your newsletters</h1>
    <p>
      Newsletters sent to <strong>{view.email}</strong>.
    </p>
    {saved && (
      <p class="notice" role="status">
        Your choices are saved.
      </p>
    )}
    <SignupBox
      newsletters={view.newsletters.map((n) => ({ ...n, ticked: n.subscribed }))}
      legend="Newsletters you receive"
      action={`/newsletters/preferences/${token}`}
      email={false}
    >
      <button type="submit" name="action" value="save">
        Save my choices
      </button>
      <button type="submit" name="action" value="leave-all" class="secondary">
        Unsubscribe from all
      </button>
    </SignupBox>
  </Page>
);

/** The confirmation link's landing page: a button, so that link scanners confirm no one. */
export const ConfirmPage: FC<{ chrome: SiteChrome; token: string; email: string; newsletters: string[] }> = ({ chrome, token, email, newsletters }) => (
  <Page chrome={chrome} title="Confirm your signup">
    <h1>Confirm your signup</h1>
    <p>
      Send these newsletters to <strong>{email}</strong>?
    </p>
    <ul>
      {newsletters.map((name) => (
        <li>{name}</li>
      ))}
    </ul>
    <form method="post" action={`/newsletters/confirm/${token}`}>
      <button type="submit">Confirm my signup</button>
    </form>
  </Page>
);

/** A link-follower (not a one-click client) sees a button, so that link scanners unsubscribe no one. */
export const UnsubscribePage: FC<{ chrome: SiteChrome; token: string; newsletter: string }> = ({ chrome, token, newsletter }) => (
  <Page chrome={chrome} title="Unsubscribe">
    <h1>Unsubscribe from {newsletter}?</h1>
    <form method="post" action={`/newsletters/unsubscribe/${token}`}>
      <button type="submit">Unsubscribe</button>
    </form>
  </Page>
);

/** /newsletters/{slug}: the newsletter and its sent issues. */
export const ArchivePage: FC<{ chrome: SiteChrome; newsletter: Newsletter; issues: Issue[]; timeZone: string }> = ({ chrome, newsletter, issues, timeZone }) => (
  <Page chrome={chrome} title={newsletter.name} description={newsletter.description}>
    <h1>{newsletter.name}</h1>
    <p>
      {newsletter.description} <span class="cadence">{cadenceOf(newsletter)}</span>.
    </p>
    <p>
      <a href="/newsletters">Sign up</a>
    </p>
    <h2>Past issues</h2>
    {issues.length ? (
      <ol class="issue-list">
        {issues.map((i) => (
          <li>
            <a href={`/newsletters/${newsletter.slug}/${i.id}`}>{i.subject}</a> <time datetime={i.sentAt ?? ''}>{formatDate(i.sentAt ?? i.createdAt, timeZone)}</time>
          </li>
        ))}
      </ol>
    ) : (
      <p>No issues have been sent yet.</p>
    )}
  </Page>
);

/** One sent issue on the web: the same items as the email, without anyone's links. */
export const IssuePage: FC<{ chrome: SiteChrome; newsletter: Newsletter; issue: Issue; timeZone: string }> = ({ chrome, newsletter, issue, timeZone }) => (
  <Page chrome={chrome} title={issue.subject}>
    <p class="kicker">
      <a href={`/newsletters/${newsletter.slug}`}>{newsletter.name}</a>
    </p>
    <h1>{issue.subject}</h1>
    <p>
      <time datetime={issue.sentAt ?? ''}>{formatDate(issue.sentAt ?? issue.createdAt, timeZone)}</time>
    </p>
    {issue.intro && <p class="standfirst">{issue.intro}</p>}
    <ol class="issue-items">
      {issue.items.map((item) => (
        <li>
          <p class="kicker">{item.kicker}</p>
          <h2>
            <a href={item.path}>{item.headline}</a>
          </h2>
          {item.standfirst && <p>{item.standfirst}</p>}
        </li>
      ))}
    </ol>
  </Page>
);
