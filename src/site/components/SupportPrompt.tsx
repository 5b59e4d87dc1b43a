import type { FC } from 'hono/jsx';

/** The reader-support prompt at the top of every page, linking to /support. */
export const SupportPrompt: FC = () => (
  <p class="support-prompt">
    <a href="/support">Support independent journalism: become a member or give once.</a>
  </p>
);
