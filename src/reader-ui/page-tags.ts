import type { Article, ArticleSummary } from '../content/article-store.js';
import { list, tag } from './cache-tags.js';

/**
 * The tags of the pages the reader site renders, one function per kind of page, so a
 * route's caching is one line: `cachePage(c, ...pageTags.section(section, items))`.
 * Each returns the arguments of `cachePage`: the tags and, for a paginated list, its list.
 */
type Declaration = [tags: string[], options?: { pageOf?: string }];

/** A teaser shows the article, its section's name and its authors' names. */
export function teaserTags(articles: ArticleSummary[]): string[] {
  return articles.flatMap((a) => [tag.article(a.id), ...a.authors.map((au) => tag.author(au.id))]);
}

export const pageTags = {
  /** Any page in the site layout: it lists the sections. */
  plain: (): Declaration => [[tag.sections]],

  home: (shown: ArticleSummary[], railSections: Array<{ id: number }>, latestIssue?: { id: number }): Declaration => [
    [
      tag.sections,
      tag.front(0),
      list.latest,
      list.printIssues,
      ...railSections.map((s) => list.section(s.id)),
      ...(latestIssue ? [tag.printIssue(latestIssue.id)] : []),
      ...teaserTags(shown),
    ],
  ],

  article: (article: Article, around: { partnerPieces: ArticleSummary[]; related: ArticleSummary[] } | undefined): Declaration => [
    [
      tag.sections,
      tag.article(article.id),
      tag.section(article.section.id),
      ...article.authors.map((a) => tag.author(a.id)),
      ...article.topics.map((t) => tag.topic(t.id)),
      ...(article.printIssue ? [tag.printIssue(article.printIssue.id)] : []),
      tag.newsletters,
      list.partners,
      // Related articles are the newest sharing a topic: a new one in a topic may join.
      ...article.topics.filter((t) => !t.suggested).map((t) => list.topic(t.id)),
      ...teaserTags([...(around?.partnerPieces ?? []), ...(around?.related ?? [])]),
    ],
  ],

  section: (section: { id: number }, shown: ArticleSummary[]): Declaration => [
    // Every page: the pins on the first shift where the later ones start.
    [tag.sections, tag.section(section.id), tag.front(section.id), ...teaserTags(shown)],
    { pageOf: list.section(section.id) },
  ],

  topic: (topic: { id: number }, shown: ArticleSummary[]): Declaration => [
    [tag.sections, tag.topic(topic.id), ...teaserTags(shown)],
    { pageOf: list.topic(topic.id) },
  ],

  author: (author: { id: number }, shown: ArticleSummary[]): Declaration => [
    [tag.sections, tag.author(author.id), ...teaserTags(shown)],
    { pageOf: list.author(author.id) },
  ],

  printIssue: (issue: { id: number }, shown: ArticleSummary[]): Declaration => [
    [tag.sections, tag.printIssue(issue.id), ...teaserTags(shown)],
    { pageOf: list.printIssue(issue.id) },
  ],

  /** /archive, /archive/YYYY (with its print issues), /archive/YYYY/MM (a paginated list). */
  archive: (year?: string, month?: string, shown: ArticleSummary[] = [], issues: Array<{ id: number }> = []): Declaration => [
    [tag.sections, list.printIssues, ...issues.map((i) => tag.printIssue(i.id)), ...teaserTags(shown)],
    { pageOf: list.archive(year, month) },
  ],

  /** The sitemap index (every month), or one month's article sitemap: any change to a published article there. */
  sitemap: (year?: string, month?: string): Declaration => [[], { pageOf: list.archive(year, month) }],

  /** /newsletters: the catalogue and its signup form. */
  newsletters: (): Declaration => [[tag.sections, tag.newsletters]],

  /** A newsletter's archive of sent issues, and each issue: an edit or a new issue announces the newsletter. */
  newsletter: (newsletter: { id: number }): Declaration => [[tag.sections, tag.newsletter(newsletter.id)]],

  /** /corrections: the notes of the articles shown; a note added anywhere joins the list. */
  corrections: (articleIds: number[]): Declaration => [[tag.sections, ...articleIds.map(tag.article)], { pageOf: list.corrections }],

  /** A standing page at `/{slug}`. */
  page: (page: { id: number }): Declaration => [[tag.sections, tag.page(page.id)]],

  /** An RSS feed of `of` (list.latest for /feed). */
  feed: (of: string, entity: string | undefined, shown: ArticleSummary[]): Declaration => [[...(entity ? [entity] : []), ...teaserTags(shown)], { pageOf: of }],
};
