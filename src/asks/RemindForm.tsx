import type { FC } from 'hono/jsx';
import type { SiteChrome } from '../reader-ui/Layout.js';
import { MessagePage } from '../newsletters/pages/NewsletterPages.js';

/** "Remind me later" on an ask: a plain form (no script); the site's Origin check guards it. */
export const RemindForm: FC<{ id: string; email?: string; problem?: string }> = ({ id, email, problem }) => (
  <form class="remind-later" method="post" action="/asks/remind" novalidate={problem !== undefined}>
    <label for={id}>Not now? Leave your address and we will remind you once, in a month.</label>
    {problem && (
      <p class="form-errors" role="alert" id={`${id}-problem`}>
        Email address: {problem}
      </p>
    )}
    <input
      id={id}
      type="email"
      name="email"
      autocomplete="email"
      required
      maxlength={254}
      value={email}
      aria-invalid={problem ? 'true' : undefined}
      aria-describedby={problem ? `${id}-problem` : undefined}
    />{' '}
    <button type="submit">Remind me later</button>
  </form>
);

/** The answer to the form: done, or the form again with the typing in it and what was wrong. */
export const RemindPage: FC<{ chrome: SiteChrome; dueAt?: string; email?: string; problem?: string }> = ({ chrome, dueAt, email, problem }) =>
  dueAt ? (
    <MessagePage chrome={chrome} title="We will remind you">
      <p>One email, around {new Date(dueAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' })}, and nothing more. Asking again this month changes nothing.</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </MessagePage>
  ) : (
    <MessagePage chrome={chrome} title="Remind me later">
      <RemindForm id="remind-email" email={email} problem={problem} />
    </MessagePage>
  );
