import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Author } from '../../content/taxonomy.js';
import { ArticleCard } from '../components/ArticleCard.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';
import { ListingFrame } from './ListingFrame.js';
import { renderableUrl } from '../../content/urls.js';

export interface AuthorData {
  author: Author;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

/** A writer's page: photo, bio and their articles, newest first. */
export const AuthorPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: AuthorData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const { author } = data;
  const photo = renderableUrl(author.photo_url);
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
        {/* The name beside it says who this is: the photo is decorative. */}
        {photo && <img class="author-photo" src={photo} alt="" width={120} height={120} fetchpriority="high" />}
        <h1>{author.name}</h1>
        {author.bio && <p class="author-bio">{author.bio}</p>}
      </header>
      <section aria-labelledby="author-articles">
        <h2 id="author-articles">Articles by {author.name}</h2>
        {data.articles.length === 0 && <p>No published articles yet.</p>}
        {data.articles.map((a) => (
          <ArticleCard article={a} timeZone={timeZone} />
        ))}
      </section>
    </ListingFrame>
  );
};
