import type { Child, FC } from 'hono/jsx';
import { Button } from './Button.js';
import { Csrf } from './Form.js';

/**
 * A destructive action asks first, with no script: the danger button sits inside a
 * disclosure whose summary names the action, so one stray click never deletes anything.
 * Fields the action needs (a merge's target) go in as children; `open` shows the panel
 * again when the action was refused, with its error inside.
 */
export const ConfirmForm: FC<{ action: string; csrfToken: string; label: string; question: string; hidden?: Record<string, string>; open?: boolean; children?: Child }> = ({
  action,
  csrfToken,
  label,
  question,
  hidden = {},
  open,
  children,
}) => (
  <details class="confirm" open={open}>
    <summary class="btn btn-danger-quiet">{label}…</summary>
    <form method="post" action={action} class="confirm-panel">
      <Csrf token={csrfToken} />
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {children}
      <p>{question}</p>
      <Button variant="danger">{label}</Button>
    </form>
  </details>
);
