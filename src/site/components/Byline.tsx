import type { FC } from 'hono/jsx';
import type { ArticleAuthor } from '../../content/article-store.js';

/** "By A, B and C", each name linking to the author's page. Nothing when there are no authors. */
export const Byline: FC<{ authors: Array<Pick<ArticleAuthor, 'slug' | 'name'>> }> = ({ authors }) => {
  if (!authors.length) return null;
  return (
    <p class="byline">
      {'By '}
      {authors.map((a, i) => (
        <>
          {i > 0 && (i === authors.length - 1 ? ' and ' : ', ')}
          <a href={`/author/${a.slug}`} rel="author">
            {a.name}
          </a>
        </>
      ))}
    </p>
  );
};
