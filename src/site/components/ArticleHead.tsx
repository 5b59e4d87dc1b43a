import type { FC } from 'hono/jsx';
import type { Article } from '../../content/article-store.js';
import { absoluteUrl, articleMetaTags, jsonForScript, newsArticleGraph, type SiteInfo } from '../structured-data.js';

/** What an article page adds to <head>: canonical link, Open Graph and Twitter tags, JSON-LD. */
export const ArticleHead: FC<{ article: Article; site: SiteInfo }> = ({ article, site }) => (
  <>
    <link rel="canonical" href={absoluteUrl(site.siteUrl, article.path)} />
    {articleMetaTags(article, site).map((tag) => (
      <meta property={tag.property} name={tag.name} content={tag.content} />
    ))}
    <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(newsArticleGraph(article, site)) }} />
  </>
);
