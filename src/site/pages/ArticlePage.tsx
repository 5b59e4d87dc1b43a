import type { Child, FC } from 'hono/jsx';
import type { Article, ArticleSummary } from '../../content/article-store.js';
import { bodyText } from '../../content/blocks.js';
import { countWords, readingTime } from '../../content/word-count.js';
import type { Newsletter } from '../../newsletters/catalogue.js';
import { AccessOffer, GiftPrompt, previewBlocks } from '../../access/AccessOffer.js';
import { EndOfArticleAsk } from '../../asks/EndOfArticleAsk.js';
import type { ArticleForm } from '../../access/meter.js';
import { ArticleHead } from '../components/ArticleHead.js';
import { BodyBlock } from '../components/BodyBlocks.js';
import { Byline } from '../components/Byline.js';
import { isOpinionSection } from '../opinion.js';
import { LeadImage } from '../components/LeadImage.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { PartnerSlot } from '../components/PartnerSlot.js';
import { withPartnerSlot } from '../components/partner-placement.js';
import { RelatedArticles } from '../components/RelatedArticles.js';
import { SignupBox } from '../../newsletters/pages/SignupBox.js';
import { TopicTags } from '../components/TopicTags.js';
import { formatDate, formatDateTime } from '../../reader-ui/format.js';
import { absoluteUrl, articleDescription, type SiteInfo } from '../structured-data.js';
import { renderableUrl } from '../../content/urls.js';

/** An update counts once the article was saved more than an hour after it went live. */
const UPDATE_THRESHOLD_MS = 60 * 60 * 1000;

/** What the article page shows around the article: loaded by the route, rendered here. */
export interface ArticleSurroundings {
  partnerPieces: ArticleSummary[];
  newsletters: Newsletter[];
  related: ArticleSummary[];
}

export interface ArticlePageProps {
  chrome: SiteChrome;
  timeZone: string;
  article: Article;
  /** Canonical URL, meta tags and JSON-LD need it; a preview (admin) leaves it out and gets none. */
  site?: SiteInfo;
  /** Without it the page shows the article alone. */
  around?: ArticleSurroundings;
  /** A preview's banner above the article, with its stylesheet; readers' pages have none. */
  preview?: { banner: Child; stylesheet: string };
  /** Which form of an article behind the meter (src/access): full, or its first paragraphs and an offer. */
  form?: ArticleForm;
}

const nothingAround: ArticleSurroundings = { partnerPieces: [], newsletters: [], related: [] };

/**
 * The article page, in the order a reader meets it: section kicker, dates, headline,
 * standfirst, byline, body (with the partner slot inside it), newsletter signup, topics,
 * then related articles. The support prompt comes first, from the Layout.
 */
export const ArticlePage: FC<ArticlePageProps> = ({ chrome, timeZone, article, site, around = nothingAround, preview, form = 'full' }) => {
  const { partnerPieces, newsletters, related } = around;
  const published = article.publishedAt ?? article.updatedAt;
  const updated = Date.parse(article.updatedAt) - Date.parse(published) > UPDATE_THRESHOLD_MS;
  // Without a lead image, the body's first picture is the page's largest: it is fetched first.
  const firstBodyImage = renderableUrl(article.leadImage?.src) ? undefined : article.body.find((block) => block.type === 'image' && renderableUrl(block.src));
  return (
    <Layout
      chrome={chrome}
      title={`${article.seoTitle ?? article.headline} | ${chrome.siteName}`}
      description={articleDescription(article)}
      supportFrom={preview ? undefined : article.id}
      head={
        <>
          {site && <ArticleHead article={article} site={site} />}
          {preview && <link rel="stylesheet" href={preview.stylesheet} />}
        </>
      }
    >
      {preview?.banner}
      <article class="article">
        <header>
          <p class="kicker">
            <a href={`/${article.section.slug}`}>{article.section.name}</a>
          </p>
          <p class="dateline">
            <time datetime={published}>{formatDate(published, timeZone)}</time>
            {updated && (
              <>
                {' · Updated '}
                <time datetime={article.updatedAt}>{formatDateTime(article.updatedAt, timeZone)}</time>
              </>
            )}
            {' · '}
            <span class="reading-time">{readingTime(countWords(bodyText(article.body)))}</span>
          </p>
          {/* Printed after the headline by the print stylesheet, so a paper copy says where it came from. */}
          <h1 data-print-url={site && absoluteUrl(site.siteUrl, article.path)}>{article.headline}</h1>
          {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
          {article.sponsor && <p class="sponsor-label">Paid for by {article.sponsor}</p>}
          <Byline authors={article.authors} photos={isOpinionSection(article.section)} pictures={chrome.pictures} />
        </header>
        <LeadImage image={article.leadImage} />
        {form === 'full' ? (
          <div class="article-body">
            {withPartnerSlot(article.body, article.partnerSlotAfter ?? chrome.settings.partnerSlotAfter).map((item) =>
              item.kind === 'block' ? <BodyBlock block={item.block} priority={item.block === firstBodyImage} /> : <PartnerSlot pieces={partnerPieces} />,
            )}
          </div>
        ) : (
          <>
            <div class="article-preview">
              {previewBlocks(article.body).map((block) => (
                <BodyBlock block={block} priority={block === firstBodyImage} />
              ))}
            </div>
            <AccessOffer form={form} level={article.access} path={article.path} articleId={preview ? undefined : article.id} />
          </>
        )}
        {form === 'full' && article.access !== 'free' && !preview && <GiftPrompt articleId={article.id} />}
        {form === 'full' && !preview && <EndOfArticleAsk articleId={article.id} />}
        <SignupBox siteName={chrome.siteName} newsletters={newsletters} fromArticle={preview ? undefined : article.id} />
        <TopicTags topics={article.topics} />
      </article>
      <RelatedArticles articles={related} timeZone={timeZone} />
    </Layout>
  );
};
