import type { Child, FC } from 'hono/jsx';

/** How much a button asks for attention: one primary action a page, danger for what cannot be undone. */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

const classOf = (variant: ButtonVariant, extra?: string) => `btn btn-${variant}${extra ? ` ${extra}` : ''}`;

export const Button: FC<{
  variant?: ButtonVariant;
  type?: 'submit' | 'button' | 'reset';
  name?: string;
  value?: string;
  form?: string;
  formaction?: string;
  disabled?: boolean;
  id?: string;
  class?: string;
  'aria-label'?: string;
  children?: Child;
}> = ({ variant = 'secondary', type = 'submit', class: extra, children, ...rest }) => (
  <button type={type} class={classOf(variant, extra)} {...rest}>
    {children}
  </button>
);

/** A link that looks like a button, for actions that only navigate (New article, Preview). */
export const LinkButton: FC<{ href: string; variant?: ButtonVariant; target?: string; class?: string; children?: Child }> = ({
  href,
  variant = 'secondary',
  class: extra,
  children,
  ...rest
}) => (
  <a href={href} class={classOf(variant, extra)} {...rest}>
    {children}
  </a>
);
