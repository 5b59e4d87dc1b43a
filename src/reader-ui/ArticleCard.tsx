import type { FC } from 'hono/jsx';
import type { ArticleSummary, LeadImage } from '../content/article-store.js';
import { formatDate, joinNames } from './format.js';
import { focalClasses, Picture } from './Picture.js';

/**
 * How large a teaser is drawn. `lead`: the picture across the card's width (the top story);
 * `standard`: a thumbnail beside the words; `compact`: a small square beside a headline (rails, lists).
 */
export type CardSize = 'lead' | 'standard' | 'compact';

/** How wide each size draws its picture (pictures.css), so the browser fetches no more than it shows. */
export const cardSizes: Record<CardSize, string> = {
  lead: '(min-width: 72rem) 42rem, (min-width: 48rem) 58vw, 100vw',
  standard: '(min-width: 48rem) 12rem, 38vw',
  compact: '5rem',
};

/** The shape each size crops to: the width and height an image of unknown size is given. */
const cardBoxes: Record<CardSize, { width: number; height: number }> = {
  lead: { width: 1200, height: 800 },
  standard: { width: 480, height: 320 },
  compact: { width: 160, height: 160 },
};

/** A teaser's picture: the lead image cropped to its size's shape around the focal point. Search hits use it too. */
export const CardPicture: FC<{ image: LeadImage; size: CardSize; sizes?: string; priority?: boolean }> = ({ image, size, sizes, priority = false }) => (
  <Picture
    class="card-picture"
    imgClass={`card-img ${focalClasses(image.focalX, image.focalY)}`}
    image={image}
    sizes={sizes ?? cardSizes[size]}
    box={cardBoxes[size]}
    priority={priority}
  />
);

/** Which teaser of a list holds its largest picture, to be fetched first: the first with a lead image (-1: none has one). */
export const firstPictured = (articles: ReadonlyArray<{ leadImage: LeadImage | null }>) => articles.findIndex((a) => a.leadImage !== null);

/**
 * A teaser in a list: its lead image (none, no box), kicker, linked headline, standfirst,
 * byline and date. A `lead` card's picture is the page's largest, so it loads first unless
 * `priority` says otherwise; `sizes` overrides the width a front draws it at.
 */
export const ArticleCard: FC<{
  article: ArticleSummary;
  timeZone: string;
  headingLevel?: 2 | 3;
  size?: CardSize;
  priority?: boolean;
  sizes?: string;
  /** False in a section's own rail, where every card would repeat the section's name. */
  kicker?: boolean;
}> = ({ article, timeZone, headingLevel = 3, size = 'standard', priority = size === 'lead', sizes, kicker = true }) => {
  const Heading = `h${headingLevel}` as 'h3';
  const image = article.leadImage;
  return (
    <article class={`card card-${size}${image ? ' has-picture' : ''}`}>
      {image && <CardPicture image={image} size={size} sizes={sizes} priority={priority} />}
      <div class="card-text">
        {(kicker || article.sponsor) && <p class="kicker">{article.sponsor ? `Partner content · ${article.sponsor}` : article.section.name}</p>}
        <Heading>
          <a href={article.path}>{article.headline}</a>
        </Heading>
        {article.standfirst && size !== 'compact' && <p class="standfirst">{article.standfirst}</p>}
        <p class="meta">
          {article.authors.length > 0 && <span>By {joinNames(article.authors.map((a) => a.name))} · </span>}
          {article.publishedAt && <time datetime={article.publishedAt}>{formatDate(article.publishedAt, timeZone)}</time>}
        </p>
      </div>
    </article>
  );
};
