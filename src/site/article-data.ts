import type { Article } from '../content/article-store.js';
import type { Services } from '../services.js';
import type { ArticleSurroundings } from './pages/ArticlePage.js';

/** How many partner pieces the slot shows, and how many related articles follow the article. */
const PARTNER_PIECES = 3;
const RELATED_ARTICLES = 4;

/** Loads what the article page shows around a published article: partner pieces, the newsletter catalogue, related articles. */
export async function loadArticleSurroundings(services: Pick<Services, 'articles' | 'newsletters'>, article: Article): Promise<ArticleSurroundings> {
  const [partnerPieces, newsletters, related] = await Promise.all([
    services.articles.partnerPieces(PARTNER_PIECES, article.id),
    services.newsletters.list(),
    services.articles.related(article, RELATED_ARTICLES),
  ]);
  return { partnerPieces, newsletters, related };
}
