import type { FC } from 'hono/jsx';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button, LinkButton } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { Csrf, Field, FormError } from '../components/Form.js';
import type { Refusal } from '../manage/refusal.js';
import { refusedFields } from '../manage/views/refused-fields.js';

export const LoginPage: FC<{ csrfToken: string; next: string; email?: string; error?: string; notice?: string }> = ({ csrfToken, next, email = '', error, notice }) => (
  <AdminLayout title="Sign in to the newsroom" signedOut>
    <FormError message={error} />
    {notice && <p class="notice">{notice}</p>}
    <form method="post" action={`/admin/login?next=${encodeURIComponent(next)}`}>
      <Csrf token={csrfToken} />
      <Field id="login-email" label="Email" type="email" name="email" value={email} autocomplete="username" required />
      <Field id="login-password" label="Password" type="password" name="password" autocomplete="current-password" required />
      <div class="button-row">
        <Button variant="primary">Sign in</Button>
      </div>
    </form>
    <p>
      <a href="/admin/forgot">Forgot your password?</a>
    </p>
  </AdminLayout>
);

export const ForgotPage: FC<{ csrfToken: string; sent?: boolean; error?: string }> = ({ csrfToken, sent, error }) => (
  <AdminLayout title="Reset your password" signedOut>
    <FormError message={error} />
    {sent ? (
      <p class="notice">If that address belongs to a newsroom account, we have emailed it a link to choose a new password. The link works once, within the hour.</p>
    ) : (
      <form method="post" action="/admin/forgot">
        <Csrf token={csrfToken} />
        <Field id="forgot-email" label="Email" type="email" name="email" autocomplete="username" required />
        <div class="button-row">
          <Button variant="primary">Email me a reset link</Button>
        </div>
      </form>
    )}
    <p>
      <a href="/admin/login">Back to sign in</a>
    </p>
  </AdminLayout>
);

const resetFields = {
  password: { id: 'reset-password', label: 'New password' },
  confirm: { id: 'reset-confirm', label: 'New password again' },
};

export const ResetPage: FC<{ csrfToken: string; action: string; valid: boolean; refusal?: Refusal }> = ({ csrfToken, action, valid, refusal }) => {
  const { errors, summary } = refusedFields(refusal, valid ? resetFields : {});
  return (
    <AdminLayout title="Choose a new password" signedOut>
      {summary}
      {valid ? (
        <form method="post" action={action}>
          <Csrf token={csrfToken} />
          <Field
            id={resetFields.password.id}
            label={resetFields.password.label}
            hint="At least 12 characters."
            type="password"
            name="password"
            autocomplete="new-password"
            minlength={12}
            error={errors.password}
            required
          />
          <Field id={resetFields.confirm.id} label={resetFields.confirm.label} type="password" name="confirm" autocomplete="new-password" minlength={12} error={errors.confirm} required />
          <div class="button-row">
            <Button variant="primary">Set password</Button>
          </div>
        </form>
      ) : (
        <p>
          This reset link is invalid, used or expired. <a href="/admin/forgot">Ask for a new one</a>.
        </p>
      )}
    </AdminLayout>
  );
};

export const AccountPage: FC<{ csrfToken: string; email: string; role: string; sessions: number; notice?: string }> = ({ csrfToken, email, role, sessions, notice }) => (
  <AdminLayout title="Your account">
    {notice && <p class="notice">{notice}</p>}
    <section class="panel" aria-labelledby="account-sessions">
      <h2 id="account-sessions">Signed in</h2>
      <p>
        As {email} ({role}). You have {sessions} active session{sessions === 1 ? '' : 's'}: this browser and any other you signed in on.
      </p>
      <ConfirmForm action="/admin/logout-everywhere" csrfToken={csrfToken} label="Sign out everywhere" question="Sign out of every browser, this one too? You will sign in again here." />
    </section>
  </AdminLayout>
);

export const CsrfRefusedPage: FC = () => (
  <AdminLayout title="This form could not be accepted" signedOut>
    <p role="alert" class="form-errors">
      The form was missing its security token, or the token did not match your session (CSRF check). Nothing was changed. Go back, reload the page and try again.
    </p>
    <p>
      <LinkButton href="/admin">Back to the newsroom</LinkButton>
    </p>
  </AdminLayout>
);

export const AdminErrorPage: FC<{ status: number; message: string }> = ({ status, message }) => (
  <AdminLayout title={status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Something went wrong'}>
    <FormError message={message} />
    <div class="button-row">
      <LinkButton href="/admin" variant="primary">Dashboard</LinkButton>
      <LinkButton href="/admin/articles">Articles</LinkButton>
    </div>
  </AdminLayout>
);
