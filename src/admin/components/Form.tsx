import type { Child, FC } from 'hono/jsx';

/** The session's CSRF token as the hidden field every newsroom form posts. */
export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

/** A failed save's message, announced to screen readers. */
export const FormError: FC<{ message?: string }> = ({ message }) =>
  message ? (
    <div role="alert" class="form-errors">
      <p>{message}</p>
    </div>
  ) : null;

/**
 * A failed save's summary: the message, then each field's problem linked to the field,
 * as the GOV.UK pattern does, so a keyboard user lands on the input to fix.
 */
export const FormErrors: FC<{ message?: string; errors?: Record<string, string>; ids?: Record<string, string> }> = ({ message, errors = {}, ids = {} }) => {
  const entries = Object.entries(errors);
  if (!message && entries.length === 0) return null;
  return (
    <div role="alert" class="form-errors">
      <p>{message ?? 'Some fields need attention'}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, text]) => (
            <li>
              <a href={`#${ids[field] ?? field}`}>{text}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};

interface FieldFrame {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  class?: string;
}

/** The ids an input points its aria-describedby at: its hint, then its error. */
const describedBy = ({ id, hint, error }: FieldFrame) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

/** Label, hint and inline error around one control; the control comes as children. */
const FieldFrame: FC<FieldFrame & { children?: Child }> = ({ id, label, hint, error, class: extra, children }) => (
  <div class={`field${error ? ' field-invalid' : ''}${extra ? ` ${extra}` : ''}`}>
    <label for={id}>{label}</label>
    {hint && (
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
    {error && (
      <p class="field-error" id={`${id}-error`}>
        <span class="visually-hidden">Error: </span>
        {error}
      </p>
    )}
    {children}
  </div>
);

/** A labelled input with its hint and inline error; `id` ties the label to it for assistive technology. */
export const Field: FC<
  FieldFrame & {
    name: string;
    value?: string | number | null;
    type?: string;
    required?: boolean;
    autocomplete?: string;
    minlength?: number;
    maxlength?: number;
    disabled?: boolean;
    placeholder?: string;
    inputClass?: string;
    list?: string;
  }
> = ({ id, label, hint, error, class: extra, name, value, type = 'text', inputClass, ...rest }) => (
  <FieldFrame id={id} label={label} hint={hint} error={error} class={extra}>
    <input
      id={id}
      name={name}
      type={type}
      value={type === 'password' ? undefined : (value ?? '')}
      aria-invalid={error ? 'true' : undefined}
      aria-describedby={describedBy({ id, label, hint, error })}
      class={inputClass}
      {...rest}
    />
  </FieldFrame>
);

export const TextArea: FC<FieldFrame & { name: string; value?: string | null; rows?: number; required?: boolean; disabled?: boolean; maxlength?: number; inputClass?: string }> = ({
  id,
  label,
  hint,
  error,
  class: extra,
  name,
  value,
  rows = 4,
  inputClass,
  ...rest
}) => (
  <FieldFrame id={id} label={label} hint={hint} error={error} class={extra}>
    <textarea id={id} name={name} rows={rows} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy({ id, label, hint, error })} class={inputClass} {...rest}>
      {value ?? ''}
    </textarea>
  </FieldFrame>
);

export const Select: FC<
  FieldFrame & { name: string; options: Array<{ value: string; label: string }>; value?: string | null; required?: boolean; disabled?: boolean }
> = ({ id, label, hint, error, class: extra, name, options, value, ...rest }) => (
  <FieldFrame id={id} label={label} hint={hint} error={error} class={extra}>
    <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy({ id, label, hint, error })} {...rest}>
      {options.map((o) => (
        <option value={o.value} selected={o.value === (value ?? '')}>
          {o.label}
        </option>
      ))}
    </select>
  </FieldFrame>
);

export const Checkbox: FC<{ id: string; label: string; name: string; checked?: boolean; hint?: string; disabled?: boolean; value?: string }> = ({
  id,
  label,
  name,
  checked,
  hint,
  disabled,
  value = 'on',
}) => (
  <div class="field field-check">
    <input id={id} type="checkbox" name={name} value={value} checked={checked} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} />
    <label for={id}>{label}</label>
    {hint && (
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
  </div>
);

/** A POST form with its CSRF field. */
export const PostForm: FC<{ action: string; csrfToken: string; label?: string; class?: string; id?: string; enctype?: 'multipart/form-data'; children?: Child }> = ({
  action,
  csrfToken,
  label,
  children,
  ...rest
}) => (
  <form method="post" action={action} aria-label={label} {...rest}>
    <Csrf token={csrfToken} />
    {children}
  </form>
);
