import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { ASK_CLOSE, ASK_COUNT, ASK_OPEN } from './ask-slot.js';
import { RemindForm } from './RemindForm.js';

/** The ask at the foot of an article; filled per reader like the support prompt (a count, or a member's thank-you). */
export const EndOfArticleAsk: FC = () => (
  <>
    {raw(ASK_OPEN)}
    <aside class="end-ask" aria-label="Support our journalism">
      <p>Reporting like this is paid for by its readers.</p>
      {raw(ASK_COUNT)}
      <p>
        <a class="end-ask-link" href="/support">
          Become a member or give once
        </a>
      </p>
      <RemindForm id="end-ask-remind" />
    </aside>
    {raw(ASK_CLOSE)}
  </>
);
