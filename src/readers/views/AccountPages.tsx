import type { Child, FC } from 'hono/jsx';
import { AreaMessagePage, AreaPage } from '../../reader-ui/AreaPage.js';
import { FormProblems } from '../../reader-ui/FormProblems.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';
import { formatDate } from '../../reader-ui/format.js';
import { SignupBox } from '../../newsletters/pages/SignupBox.js';
import { AccountPlan, type MemberPlanSummary } from '../../members/views/AccountPlan.js';
import type { PreferenceView } from '../../newsletters/subscriptions.js';

const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

const Page: FC<{ chrome: SiteChrome; title: string; children?: Child }> = (props) => <AreaPage area="account" {...props} />;

export interface SignInFormState {
  email?: string;
  problems?: string[];
  /** A path on this site to go back to once signed in. */
  next?: string;
}

/** Ask for a sign-in link; the same page answers again with the problems named and the typing kept. */
export const SignInPage: FC<{ chrome: SiteChrome; csrfToken: string; form?: SignInFormState }> = ({ chrome, csrfToken, form }) => (
  <Page chrome={chrome} title="Sign in">
    <h1>Sign in</h1>
    <p>Enter your email address and we will send you a link to sign in. No password needed; if you are new here, the link opens your free account.</p>
    <FormProblems problems={form?.problems} />
    <form method="post" action="/account/sign-in" class="account-form">
      <Csrf token={csrfToken} />
      {form?.next && <input type="hidden" name="next" value={form.next} />}
      <label for="sign-in-email">Email address</label>
      <input id="sign-in-email" type="email" name="email" required autocomplete="email" value={form?.email ?? ''} />
      <button type="submit">Email me a sign-in link</button>
    </form>
  </Page>
);

/** The one answer to every request for a link, known address or not. */
export const SignInSentPage: FC<{ chrome: SiteChrome }> = ({ chrome }) => (
  <Page chrome={chrome} title="Check your inbox">
    <h1>Check your inbox</h1>
    <p>If the address is right, an email with a sign-in link is on its way. The link works once, within 15 minutes.</p>
    <p>
      Nothing arrived? Look in your spam folder, or <a href="/account/sign-in">ask for another link</a>.
    </p>
  </Page>
);

/** The emailed link's page: a button, so that mail scanners following links sign no one in. */
export const SignInLinkPage: FC<{ chrome: SiteChrome; csrfToken: string; token: string; email: string; next?: string }> = ({ chrome, csrfToken, token, email, next }) => (
  <Page chrome={chrome} title="Sign in">
    <h1>Sign in</h1>
    <p>
      Sign in as <strong>{email}</strong>?
    </p>
    <form method="post" action={`/account/sign-in/${token}`} class="account-form">
      <Csrf token={csrfToken} />
      {next && <input type="hidden" name="next" value={next} />}
      <button type="submit">Sign in</button>
    </form>
  </Page>
);

export const MessagePage: FC<{ chrome: SiteChrome; title: string; children?: Child }> = (props) => <AreaMessagePage area="account" {...props} />;

export interface AccountView {
  readerId: number;
  email: string;
  name: string | null;
  claimedAt: string | null;
}

export interface AccountPageProps {
  chrome: SiteChrome;
  csrfToken: string;
  timeZone: string;
  account: AccountView;
  plan: MemberPlanSummary | null;
  newsletters: PreferenceView['newsletters'];
  notice?: string;
  /** The name form sent back with its problem, the typing kept. */
  nameForm?: { value: string; problem: string };
}

/** /account: who, the plan, newsletters, the data download, deletion and signing out. */
export const AccountPage: FC<AccountPageProps> = ({ chrome, csrfToken, timeZone, account, plan, newsletters, notice, nameForm }) => (
  <Page chrome={chrome} title="Your account">
    <h1>Your account</h1>
    {notice && (
      <p class="notice" role="status">
        {notice}
      </p>
    )}
    <section class="account-section" aria-labelledby="account-you">
      <h2 id="account-you">You</h2>
      <p>
        Signed in as <strong>{account.email}</strong>
        {account.claimedAt && <> · a reader since {formatDate(account.claimedAt, timeZone)}</>}
      </p>
      <form method="post" action="/account/name" class="account-form">
        <Csrf token={csrfToken} />
        <label for="account-name">Your name</label>
        {nameForm && (
          <p class="field-error" id="account-name-error">
            Name: {nameForm.problem}
          </p>
        )}
        <input
          id="account-name"
          type="text"
          name="name"
          autocomplete="name"
          value={nameForm?.value ?? account.name ?? ''}
          aria-invalid={nameForm ? 'true' : undefined}
          aria-describedby={nameForm ? 'account-name-error' : undefined}
        />
        <button type="submit">Save name</button>
      </form>
    </section>
    <AccountPlan readerId={account.readerId} plan={plan} csrfToken={csrfToken} />
    <section class="account-section" aria-labelledby="account-newsletters">
      <h2 id="account-newsletters">Newsletters</h2>
      {newsletters.length ? (
        <SignupBox newsletters={newsletters.map((n) => ({ ...n, ticked: n.subscribed }))} legend="Newsletters you receive" action="/account/newsletters" email={false}>
          <Csrf token={csrfToken} />
          <button type="submit">Save my newsletters</button>
        </SignupBox>
      ) : (
        <p>There are no newsletters yet.</p>
      )}
    </section>
    <section class="account-section" aria-labelledby="account-data">
      <h2 id="account-data">Your data</h2>
      <p>
        <a href="/account/data" download>
          Download my data
        </a>{' '}
        (a JSON file of everything we keep about your account and newsletters).
      </p>
      <p>
        <a href="/account/delete">Delete my account</a>
      </p>
    </section>
    <form method="post" action="/account/sign-out" class="account-form">
      <Csrf token={csrfToken} />
      <button type="submit" class="secondary">
        Sign out
      </button>
    </form>
  </Page>
);

/** Deleting asks first, on its own page, so that no stray click deletes anything. */
export const DeletePage: FC<{ chrome: SiteChrome; csrfToken: string; email: string }> = ({ chrome, csrfToken, email }) => (
  <Page chrome={chrome} title="Delete your account">
    <h1>Delete your account?</h1>
    <p>
      This removes <strong>{email}</strong>, your name and your newsletter subscriptions, and signs you out everywhere. A membership is cancelled first. Records of
      payments stay, without your name or address, for the newsroom's accounts. It cannot be undone.
    </p>
    <form method="post" action="/account/delete" class="account-form">
      <Csrf token={csrfToken} />
      <button type="submit" class="danger">
        Delete my account
      </button>{' '}
      <a href="/account">Keep my account</a>
    </form>
  </Page>
);
