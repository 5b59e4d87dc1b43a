import type { Article } from '../content/article-store.js';

/**
 * An article as webhooks describe it: what a receiver needs to list, link or re-fetch it, never
 * its body (members-only text must not leave through a side door; the Admin API serves it).
 */
export function articleData(article: Article, siteUrl: string) {
  return {
    id: article.id,
    headline: article.headline,
    standfirst: article.standfirst,
    url: new URL(article.path, siteUrl).href,
    path: article.path,
    status: article.status,
    access: article.access,
    section: { slug: article.section.slug, name: article.section.name },
    authors: article.authors.map((a) => ({ slug: a.slug, name: a.name })),
    topics: article.topics.filter((t) => !t.suggested).map((t) => ({ slug: t.slug, name: t.name })),
    image: article.leadImage ? { url: new URL(article.leadImage.src, siteUrl).href, alt: article.leadImage.alt } : null,
    first_published_at: article.firstPublishedAt,
    published_at: article.publishedAt,
    updated_at: article.updatedAt,
  };
}
