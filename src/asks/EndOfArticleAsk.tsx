import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { ASK_CLOSE, ASK_COUNT, ASK_OPEN } from './ask-slot.js';
import { RemindForm } from './RemindForm.js';
import { supportHref } from '../analytics/links/source-article.js';

/**
 * The ask at the foot of an article; filled per reader like the support prompt (a count, or a member's
 * thank-you). Its link names the article, so a membership started from it is counted for it.
 */
export const EndOfArticleAsk: FC<{ articleId?: number }> = ({ articleId }) => (
  <>
    {raw(ASK_OPEN)}
    <aside class="end-ask" aria-label="Support our journalism">
      <p>Reporting like this is paid for by its readers.</p>
      {raw(ASK_COUNT)}
      <p>
        <a class="end-ask-link" href={supportHref(articleId)}>
          Become a member or give once
        </a>
      </p>
      <RemindForm id="end-ask-remind" />
    </aside>
    {raw(ASK_CLOSE)}
  </>
);
