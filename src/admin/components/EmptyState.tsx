import type { Child, FC } from 'hono/jsx';

/** What an empty list says instead of an empty table: why it is empty and what to do next. */
export const EmptyState: FC<{ title: string; action?: Child; children?: Child }> = ({ title, action, children }) => (
  <div class="empty-state">
    <p class="empty-title">{title}</p>
    {children && <div class="empty-body">{children}</div>}
    {action && <p class="empty-action">{action}</p>}
  </div>
);
