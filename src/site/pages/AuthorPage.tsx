import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Author } from '../../content/taxonomy.js';
import { ArticleCard } from '../components/ArticleCard.js';
import { Layout, type SiteChrome } from '../components/Layout.js';
import { FrontHead } from './FrontHead.js';
import { Pagination } from './Pagination.js';

export interface AuthorData {
  author: Author;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

/** A writer's page: photo, bio and their articles, newest first. */
export const AuthorPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: AuthorData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const { author } = data;
  const links = { base: `/author/${author.slug}`, page: data.page, hasNext: data.hasNext };
  const title = `${author.name}${data.page > 1 ? ` (page ${data.page})` : ''} | ${chrome.siteName}`;
  const description = author.bio || `Articles by ${author.name} for ${chrome.siteName}.`;
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={description}
      head={
        <FrontHead
          siteUrl={siteUrl}
          siteName={chrome.siteName}
          path={links.base}
          title={title}
          description={description}
          pages={links}
          feed={{ title: `${author.name} | ${chrome.siteName}`, path: `${links.base}/feed` }}
        />
      }
    >
      <header class="front-header author-profile">
        {/* The name beside it says who this is: the photo is decorative. */}
        {author.photo_url && <img class="author-photo" src={author.photo_url} alt="" width={120} height={120} />}
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
      <Pagination {...links} />
    </Layout>
  );
};
