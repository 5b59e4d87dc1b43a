import type { CorrectionComment, Graph, NewsArticle, NewsMediaOrganization, Person } from 'schema-dts';
import { shownTopics, type Article } from '../content/article-store.js';
import { absoluteRenderableUrl, renderableUrl } from '../content/urls.js';
import { publicMediaUrl } from '../media/public-url.js';
import { GATED_PART_SELECTOR } from '../access/AccessOffer.js';
import { cardPath } from './share-card/card-key.js';
import { CARD_HEIGHT, CARD_WIDTH } from './share-card/card-svg.js';

/** Where the site lives and what it is called: everything machine-readable data needs beyond the article. */
export interface SiteInfo {
  siteName: string;
  siteUrl: string;
}

/** An absolute URL on the site (an upload's at MEDIA_URL when that is set); absolute URLs from elsewhere pass through. */
export function absoluteUrl(siteUrl: string, pathOrUrl: string): string {
  return new URL(publicMediaUrl(pathOrUrl), `${siteUrl.replace(/\/$/, '')}/`).toString();
}

/**
 * The article's share image: the one set for it, else the first image in its body. A stored
 * URL that breaks the URL rule is passed over, so the page keeps its other tags.
 */
export function articleImage(article: Pick<Article, 'imageUrl' | 'body'>): string | undefined {
  const candidates = [article.imageUrl, ...article.body.map((block) => (block.type === 'image' ? block.src : undefined))];
  return candidates.map(renderableUrl).find((url) => url !== undefined);
}

/** The picture a shared link shows, absolute, with its size when known. */
export interface ShareImage {
  url: string;
  width?: number;
  height?: number;
  alt: string;
}

/**
 * The article's share image: its lead image's largest rendition (with its size) when it
 * comes from the media library, else the lead image or first body image as stored, else
 * the card drawn for it (/cards/{id}.png, 1200 × 630) so that every shared link has a picture.
 */
export function shareImage(article: Article, site: SiteInfo): ShareImage {
  const lead = article.leadImage;
  const largest = lead && renderableUrl(lead.src) ? lead.sources.at(-1) : undefined;
  if (lead && largest && renderableUrl(largest.src)) {
    const height = lead.width && lead.height ? Math.round((lead.height * largest.width) / lead.width) : undefined;
    return { url: absoluteUrl(site.siteUrl, largest.src), width: largest.width, ...(height ? { height } : {}), alt: lead.alt };
  }
  const stored = articleImage(article);
  if (stored) return { url: absoluteUrl(site.siteUrl, stored), alt: lead && stored === lead.src ? lead.alt : '' };
  const card = cardPath(article.id, { headline: article.headline, section: article.section.name, siteName: site.siteName });
  return { url: absoluteUrl(site.siteUrl, card), width: CARD_WIDTH, height: CARD_HEIGHT, alt: article.headline };
}

export const articleDescription = (article: Pick<Article, 'seoDescription' | 'standfirst' | 'headline'>) =>
  article.seoDescription ?? (article.standfirst || article.headline);

const reviewedTopics = (article: Pick<Article, 'topics'>) => shownTopics(article.topics);

/**
 * One JSON-LD `@graph`: the publisher as a NewsMediaOrganization, the NewsArticle, and
 * each author as a Person with the URL of their page (as search engines ask).
 */
export function newsArticleGraph(article: Article, site: SiteInfo): Graph {
  const url = absoluteUrl(site.siteUrl, article.path);
  const publisherId = absoluteUrl(site.siteUrl, '/#publisher');
  const image = shareImage(article, site);
  const published = article.publishedAt ?? article.firstPublishedAt ?? article.updatedAt;
  const publisher: NewsMediaOrganization = {
    '@type': 'NewsMediaOrganization',
    '@id': publisherId,
    name: site.siteName,
    url: absoluteUrl(site.siteUrl, '/'),
  };
  const authors: Person[] = article.authors.map((a) => {
    const photo = absoluteRenderableUrl(site.siteUrl, a.photoUrl);
    return { '@type': 'Person', name: a.name, url: absoluteUrl(site.siteUrl, `/author/${a.slug}`), ...(photo ? { image: photo } : {}) };
  });
  // Each correction note, as schema.org's CorrectionComment; updates are news, not corrections.
  const corrections: CorrectionComment[] = article.body.flatMap((block) =>
    block.type === 'note' && block.kind === 'correction' ? [{ '@type': 'CorrectionComment', text: block.text, datePublished: block.date }] : [],
  );
  const news: NewsArticle = {
    '@type': 'NewsArticle',
    '@id': `${url}#article`,
    mainEntityOfPage: url,
    url,
    headline: article.headline,
    description: articleDescription(article),
    datePublished: published,
    dateModified: article.updatedAt,
    author: authors,
    publisher: { '@id': publisherId },
    articleSection: article.section.name,
    keywords: reviewedTopics(article).map((t) => t.name),
    // Google's markup for paywalled content, so a gated page is not taken for cloaking.
    isAccessibleForFree: article.access === 'free',
    ...(article.access === 'free' ? {} : { hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: GATED_PART_SELECTOR } }),
    image: [image.url],
    ...(article.sponsor ? { sponsor: { '@type': 'Organization', name: article.sponsor } } : {}),
    ...(corrections.length ? { correction: corrections } : {}),
  };
  return { '@context': 'https://schema.org', '@graph': [publisher, news] };
}

/**
 * JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` are escaped so no
 * headline can close the script element, and the line separators JavaScript rejects too.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface MetaTag {
  /** Open Graph uses `property`, Twitter cards use `name`. */
  property?: string;
  name?: string;
  content: string;
}

/** Open Graph and Twitter card tags for an article page. */
export function articleMetaTags(article: Article, site: SiteInfo): MetaTag[] {
  const url = absoluteUrl(site.siteUrl, article.path);
  const title = article.seoTitle ?? article.headline;
  const description = articleDescription(article);
  const image = shareImage(article, site);
  const published = article.publishedAt ?? article.firstPublishedAt ?? article.updatedAt;
  const og = (property: string, content: string): MetaTag => ({ property, content });
  const tw = (name: string, content: string): MetaTag => ({ name, content });
  return [
    og('og:type', 'article'),
    og('og:site_name', site.siteName),
    og('og:title', title),
    og('og:description', description),
    og('og:url', url),
    og('og:image', image.url),
    ...(image.width && image.height ? [og('og:image:width', String(image.width)), og('og:image:height', String(image.height))] : []),
    ...(image.alt ? [og('og:image:alt', image.alt)] : []),
    og('article:published_time', published),
    og('article:modified_time', article.updatedAt),
    og('article:section', article.section.name),
    ...article.authors.map((a) => og('article:author', absoluteUrl(site.siteUrl, `/author/${a.slug}`))),
    ...reviewedTopics(article).map((t) => og('article:tag', t.name)),
    tw('twitter:card', 'summary_large_image'),
    tw('twitter:title', title),
    tw('twitter:description', description),
    tw('twitter:image', image.url),
    ...(image.alt ? [tw('twitter:image:alt', image.alt)] : []),
  ];
}
