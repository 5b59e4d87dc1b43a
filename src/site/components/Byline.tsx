import type { FC } from 'hono/jsx';
import type { ArticleAuthor } from '../../content/article-store.js';
import { renderableUrl } from '../../content/urls.js';

/**
 * "By A, B and C", each name linking to the author's page. Nothing when there are no authors.
 * With `photos` (opinion pieces, where whose view it is matters), each writer's photo comes
 * first; the names beside them say who they are, so the photos are decorative.
 */
export const Byline: FC<{ authors: Array<Pick<ArticleAuthor, 'slug' | 'name'> & { photoUrl?: string | null }>; photos?: boolean }> = ({ authors, photos = false }) => {
  if (!authors.length) return null;
  const faces = photos ? authors.flatMap((a) => (renderableUrl(a.photoUrl) ? [renderableUrl(a.photoUrl)!] : [])) : [];
  return (
    <p class={faces.length ? 'byline byline-with-photos' : 'byline'}>
      {faces.map((src) => (
        <img class="byline-photo" src={src} alt="" width={48} height={48} loading="lazy" decoding="async" />
      ))}
      <span class="byline-names">
        {'By '}
        {authors.map((a, i) => (
          <>
            {i > 0 && (i === authors.length - 1 ? ' and ' : ', ')}
            <a href={`/author/${a.slug}`} rel="author">
              {a.name}
            </a>
          </>
        ))}
      </span>
    </p>
  );
};
