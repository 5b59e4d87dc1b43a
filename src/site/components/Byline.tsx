import type { FC } from 'hono/jsx';
import type { ArticleAuthor } from '../../content/article-store.js';
import { renderableUrl } from '../../content/urls.js';
import type { UploadedPictures } from '../../reader-ui/uploaded-pictures.js';
import { StoredPicture } from './StoredPicture.js';

/**
 * "By A, B and C", each name linking to the author's page. Nothing when there are no authors.
 * With `photos` (opinion pieces, where whose view it is matters), each writer's photo comes
 * first; the names beside them say who they are, so the photos are decorative. `pictures`
 * gives an uploaded photo its every size and format.
 */
export const Byline: FC<{ authors: Array<Pick<ArticleAuthor, 'slug' | 'name'> & { photoUrl?: string | null }>; photos?: boolean; pictures?: UploadedPictures }> = ({
  authors,
  photos = false,
  pictures,
}) => {
  if (!authors.length) return null;
  const faces = photos ? authors.flatMap((a) => (renderableUrl(a.photoUrl) ? [renderableUrl(a.photoUrl)!] : [])) : [];
  return (
    <p class={faces.length ? 'byline byline-with-photos' : 'byline'}>
      {faces.map((src) => (
        <StoredPicture url={src} alt="" pictures={pictures} imgClass="byline-photo" box={{ width: 48, height: 48 }} sizes="3rem" />
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
