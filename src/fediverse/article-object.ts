import { createHash } from 'node:crypto';
import { Article as ArticleObject, Image, PUBLIC_COLLECTION } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import type { Article } from '../content/article-store.js';
import { bodyText } from '../content/blocks.js';
import { isAcceptedUrl } from '../content/url-rule.js';

/** What an article is on the fediverse, before it becomes an ActivityStreams object. */
export interface ArticleFacts {
  objectId: URL;
  name: string;
  summary: string | null;
  /** The body as HTML paragraphs for a free article; null for a gated one, whose body is never sent. */
  content: string | null;
  url: URL;
  published: string;
  updated: string;
  image: { url: URL; alt: string } | null;
  attributions: URL[];
  followers: URL[];
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An image or link URL as the fediverse needs it: absolute, or nothing when the stored one breaks the URL rule. */
export function absoluteUrl(value: string | null | undefined, siteUrl: string): URL | null {
  if (!value || !isAcceptedUrl(value)) return null;
  return new URL(value, siteUrl);
}

/**
 * The facts of a published article. A metered or members-only article sends its headline,
 * standfirst, picture and URL only: its body stays behind the site's gate.
 */
export function articleFacts(article: Article, ids: { objectId: URL; attributions: URL[]; followers: URL[] }, siteUrl: string): ArticleFacts {
  const lead = article.leadImage;
  const largest = lead?.sources.at(-1)?.src ?? lead?.src;
  const imageUrl = absoluteUrl(largest, siteUrl);
  const paragraphs = bodyText(article.body).split('\n\n').filter(Boolean);
  return {
    ...ids,
    name: article.headline,
    summary: article.standfirst || null,
    content: article.access === 'free' ? paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') : null,
    url: new URL(article.path, siteUrl),
    published: article.firstPublishedAt ?? article.publishedAt ?? article.updatedAt,
    updated: article.updatedAt,
    image: imageUrl && { url: imageUrl, alt: lead?.alt ?? '' },
    attributions: ids.attributions,
  };
}

/** Changes when anything a follower sees of the article changes (not when only its save time does). */
export function fingerprint(facts: ArticleFacts): string {
  const seen = { ...facts, updated: undefined, followers: undefined, url: facts.url.href, image: facts.image && { url: facts.image.url.href, alt: facts.image.alt } };
  return createHash('sha256').update(JSON.stringify(seen)).digest('base64url');
}

/** The ActivityStreams Article: public, copied to the followers of its publication and authors. */
export function articleObject(facts: ArticleFacts): ArticleObject {
  return new ArticleObject({
    id: facts.objectId,
    name: facts.name,
    summary: facts.summary,
    content: facts.content,
    url: facts.url,
    published: Temporal.Instant.from(facts.published),
    updated: Temporal.Instant.from(facts.updated),
    attributions: facts.attributions,
    image: facts.image && new Image({ url: facts.image.url, name: facts.image.alt || null }),
    to: PUBLIC_COLLECTION,
    ccs: facts.followers,
  });
}
