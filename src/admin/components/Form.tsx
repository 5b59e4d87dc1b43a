import type { Child, FC } from 'hono/jsx';

/** The session's CSRF token as the hidden field every newsroom form posts. */
export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

/** A failed save's message, announced to screen readers. */
export const FormError: FC<{ message?: string }> = ({ message }) =>
  message ? (
    <p role="alert" class="error">
      {message}
    </p>
  ) : null;

/** A labelled input; `id` ties the label to it for assistive technology. */
export const Field: FC<{
  id: string;
  label: string;
  name: string;
  value?: string | number | null;
  type?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  minlength?: number;
}> = ({ id, label, name, value, type = 'text', required, hint, autocomplete, minlength }) => (
  <p>
    <label for={id}>{label}</label>
    <br />
    <input
      id={id}
      name={name}
      type={type}
      value={type === 'password' ? undefined : (value ?? '')}
      required={required}
      autocomplete={autocomplete}
      minlength={minlength}
      aria-describedby={hint ? `${id}-hint` : undefined}
    />
    {hint && (
      <>
        <br />
        <small id={`${id}-hint`}>{hint}</small>
      </>
    )}
  </p>
);

export const TextArea: FC<{ id: string; label: string; name: string; value?: string | null }> = ({ id, label, name, value }) => (
  <p>
    <label for={id}>{label}</label>
    <br />
    <textarea id={id} name={name} rows={4} cols={60}>
      {value ?? ''}
    </textarea>
  </p>
);

/** A POST form with its CSRF field. */
export const PostForm: FC<{ action: string; csrfToken: string; label?: string; children?: Child }> = ({ action, csrfToken, label, children }) => (
  <form method="post" action={action} aria-label={label}>
    <Csrf token={csrfToken} />
    {children}
  </form>
);
