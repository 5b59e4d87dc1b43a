import type { Article } from '../content/article-store.js';
import type { SiteChrome } from '../reader-ui/Layout.js';
import { openToSignup } from '../newsletters/audience.js';
import { oncePerObject } from '../reader-ui/once-per-object.js';
import type { Newsletter } from '../newsletters/catalogue.js';
import type { Services } from '../services.js';
import type { ArticleSurroundings } from './pages/ArticlePage.js';

/** How many partner pieces the slot shows, and how many related articles follow the article. */
const PARTNER_PIECES = 3;
const RELATED_ARTICLES = 4;

/** The same list for the same catalogue, so the signup box's choices are rendered once for it (SignupBox). */
const signupChoices = oncePerObject(openToSignup<Newsletter>);

/** Loads what the article page shows around a published article: partner pieces, the newsletter catalogue, related articles. */
async function loadArticleSurroundings(services: Pick<Services, 'articles' | 'newsletters'>, article: Article): Promise<ArticleSurroundings> {
  const [partnerPieces, newsletters, related] = await Promise.all([
    services.articles.partnerPieces(PARTNER_PIECES, article.id),
    services.newsletters.list().then(signupChoices),
    services.articles.related(article, RELATED_ARTICLES),
  ]);
  return { partnerPieces, newsletters, related };
}

/**
 * Everything the article page draws besides the article: the site chrome and the
 * surroundings. The public route and the previews (newsroom and share link) all call
 * this, so a preview shows exactly what a reader will.
 */
export async function loadArticlePage(
  deps: { services: Pick<Services, 'articles' | 'newsletters'>; chrome: () => Promise<SiteChrome> },
  article: Article,
): Promise<{ chrome: SiteChrome; around: ArticleSurroundings }> {
  const [chrome, around] = await Promise.all([deps.chrome(), loadArticleSurroundings(deps.services, article)]);
  return { chrome, around };
}
