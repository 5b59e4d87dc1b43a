import type { FC } from 'hono/jsx';
import type { AccessLevel } from './access-level.js';
import type { ArticleForm } from './meter.js';
import { supportHref } from '../analytics/links/source-article.js';

/** The class of the gated part of an article (its body), named in the page's JSON-LD `hasPart`. */
export const GATED_PART_SELECTOR = '.article-body';

/** How many paragraphs a gated article shows before the offer. */
export const PREVIEW_PARAGRAPHS = 3;

/** The blocks a gated article shows: from the top up to and including its third paragraph. */
export function previewBlocks<B extends { type: string }>(body: B[]): B[] {
  let paragraphs = 0;
  const end = body.findIndex((block) => block.type === 'paragraph' && ++paragraphs === PREVIEW_PARAGRAPHS);
  return end === -1 ? body : body.slice(0, end + 1);
}

const signIn = (path: string) => `/account/sign-in?next=${encodeURIComponent(path)}`;

/**
 * What a gated article offers instead of the rest of its body: registering (free) at the
 * registration wall, membership otherwise. The same for every reader who meets it, so it is
 * rendered once per article and cached; it names no reader and no count.
 */
export const AccessOffer: FC<{ form: Exclude<ArticleForm, 'full'>; level: AccessLevel; path: string; articleId?: number }> = ({ form, level, path, articleId }) => (
  <section class="access-offer" aria-labelledby="access-offer-title">
    {form === 'register' ? (
      <>
        <h2 id="access-offer-title">Register to keep reading</h2>
        <p>You have read this month’s free articles. Register with your email address, at no cost, and read more this month; no password, we email you a link.</p>
        <p class="access-offer-actions">
          <a class="access-offer-primary" href={signIn(path)}>
            Register or sign in
          </a>
          <a href={supportHref(articleId)}>Become a member</a>
        </p>
      </>
    ) : (
      <>
        <h2 id="access-offer-title">{level === 'members' ? 'This article is for members' : 'You have read this month’s articles'}</h2>
        <p>
          {level === 'members'
            ? 'Members read everything we publish, and their support pays for the reporting.'
            : 'Members read without limits, and their support pays for the reporting.'}
        </p>
        <p class="access-offer-actions">
          <a class="access-offer-primary" href={supportHref(articleId)}>
            Become a member
          </a>
          <a href={signIn(path)}>Already a member? Sign in</a>
        </p>
      </>
    )}
  </section>
);

/**
 * Under an article behind the meter, in its full form: members give it to anyone from a small
 * page of its own (/gift/new), so the cached article stays the same for every reader.
 */
export const GiftPrompt: FC<{ articleId: number }> = ({ articleId }) => (
  <p class="gift-prompt">
    <a href={`/gift/new?article=${articleId}`}>Share as a gift</a>
    <span> · Members can give this article to anyone who has not subscribed</span>
  </p>
);
