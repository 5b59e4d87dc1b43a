import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { ASK_CLOSE, ASK_COUNT, ASK_OPEN } from '../asks/ask-slot.js';

/**
 * The reader-support prompt at the top of every page, in the admin's words, linking to /support.
 * It is an honest ask: the markers let the page's answer add the reader's own count or, for a
 * member, swap it for a thank-you, without rendering the page per reader (src/asks/ask-slot.ts).
 */
export const SupportPrompt: FC<{ text: string }> = ({ text }) => (
  <>
    {raw(ASK_OPEN)}
    <div class="support-prompt">
      <a href="/support">{text}</a>
      {raw(ASK_COUNT)}
    </div>
    {raw(ASK_CLOSE)}
  </>
);
