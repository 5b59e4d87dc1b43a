import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Author } from '../../content/taxonomy.js';
import { ArticleCard, firstPictured } from '../../reader-ui/ArticleCard.js';
import { StoredPicture } from '../components/StoredPicture.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';
import { ListingFrame } from './ListingFrame.js';

export interface AuthorData {
  author: Author;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

/** A writer's page: photo, bio and their articles, newest first. */
export const AuthorPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: AuthorData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const { author } = data;
  const largest = firstPictured(data.articles);
  return (
    <ListingFrame
      chrome={chrome}
      siteUrl={siteUrl}
      name={author.name}
      base={`/author/${author.slug}`}
      page={data.page}
      hasNext={data.hasNext}
      description={author.bio || `Articles by ${author.name} for ${chrome.siteName}.`}
    >
      <header class="front-header author-profile">
        {/* The name beside it says who this is: the photo is decorative. At the top but small: loaded at once, yet after the largest picture. */}
        <StoredPicture url={author.photo_url} alt="" pictures={chrome.pictures} imgClass="author-photo" box={{ width: 120, height: 120 }} sizes="7.5rem" loading="eager" />
        <h1>{author.name}</h1>
        {author.bio && <p class="author-bio">{author.bio}</p>}
      </header>
      <section aria-labelledby="author-articles">
        <h2 id="author-articles">Articles by {author.name}</h2>
        {data.articles.length === 0 && <p>No published articles yet.</p>}
        {data.articles.map((a, i) => (
          <ArticleCard article={a} timeZone={timeZone} priority={i === largest} />
        ))}
      </section>
    </ListingFrame>
  );
};
