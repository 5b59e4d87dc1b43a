import type { Child, FC } from 'hono/jsx';
import { Button } from './Button.js';
import { Csrf } from './Form.js';

/** Where the confirmed action goes: a form of its own, or the form the disclosure sits in. */
type ConfirmTarget =
  | { action: string; csrfToken: string; hidden?: Record<string, string>; submits?: never }
  /**
   * The danger button submits the enclosing form with this name and value (forms cannot
   * nest): the writing screen's Unpublish saves what was typed first, like its other moves.
   */
  | { submits: { name: string; value: string }; action?: never; csrfToken?: never; hidden?: never };

/**
 * A destructive action asks first, with no script: the danger button sits inside a
 * disclosure whose summary names the action, so one stray click never deletes anything.
 * Fields the action needs (a merge's target) go in as children; `open` shows the panel
 * again when the action was refused, with its error inside. `name` tells one of several
 * alike apart for assistive technology ("Delete the note by Ana"); `class` adds classes
 * to the summary and the button, for pages drawn without newsroom.css.
 */
export const ConfirmForm: FC<ConfirmTarget & { label: string; question: string; open?: boolean; name?: string; class?: string; children?: Child }> = ({
  label,
  question,
  open,
  name,
  class: extra,
  children,
  ...target
}) => {
  const button = (
    <Button variant="danger" class={extra} aria-label={name} name={target.submits?.name} value={target.submits?.value}>
      {label}
    </Button>
  );
  return (
    <details class="confirm" open={open}>
      <summary class={`btn btn-danger-quiet${extra ? ` ${extra}` : ''}`} aria-label={name}>
        {label}…
      </summary>
      {target.submits ? (
        <div class="confirm-panel">
          {children}
          <p>{question}</p>
          {button}
        </div>
      ) : (
        <form method="post" action={target.action} class="confirm-panel">
          <Csrf token={target.csrfToken} />
          {Object.entries(target.hidden ?? {}).map(([field, value]) => (
            <input type="hidden" name={field} value={value} />
          ))}
          {children}
          <p>{question}</p>
          {button}
        </form>
      )}
    </details>
  );
};
