import type { FC } from 'hono/jsx';

/** The reader-support prompt at the top of every page, in the admin's words, linking to /support. */
export const SupportPrompt: FC<{ text: string }> = ({ text }) => (
  <p class="support-prompt">
    <a href="/support">{text}</a>
  </p>
);
