import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { supportHref } from '../analytics/links/source-article.js';
import { ASK_CLOSE, ASK_COUNT, ASK_OPEN } from '../asks/ask-slot.js';

/**
 * The reader-support prompt at the top of every page, in the admin's words, linking to /support.
 * It is an honest ask: the markers let the page's answer add the reader's own count or, for a
 * member, swap it for a thank-you, without rendering the page per reader (src/asks/ask-slot.ts).
 * On an article page it names the article (`/support?from=<id>`), so a membership started here
 * is counted for it, as the end-of-article ask's is.
 */
export const SupportPrompt: FC<{ text: string; articleId?: number }> = ({ text, articleId }) => (
  <>
    {raw(ASK_OPEN)}
    <div class="support-prompt">
      <a href={supportHref(articleId)}>{text}</a>
      {raw(ASK_COUNT)}
    </div>
    {raw(ASK_CLOSE)}
  </>
);
