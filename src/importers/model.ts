import type { Block } from '../content/blocks.js';
import type { AccessLevel } from '../access/access-level.js';
import type { ArticleStatus } from '../content/workflow.js';

/** A section, author or topic as a source names it; the slug is derived from the name when absent. */
export interface ImportedTerm {
  name: string;
  slug?: string;
}

export interface ImportedAuthor extends ImportedTerm {
  bio?: string;
  photoUrl?: string | null;
}

/**
 * One article as a reader of any format understood it, before it is validated
 * and written. Every format's reader produces these; one writer stores them.
 */
export interface ImportedArticle {
  /** Stable identity in the source (`ghost:<uuid>`, `wxr:<guid>`…): the same key updates in place. */
  key: string;
  /** Where in the file it came from, for error messages: "posts[3]", "item 12 (line 40)". */
  where: string;
  headline: string;
  standfirst: string;
  slug?: string;
  section: ImportedTerm;
  authors: ImportedAuthor[];
  topics: ImportedTerm[];
  /** Fill the topics from topic suggestion, marked as suggested for an editor to review. */
  suggestTopics?: boolean;
  /** What topic suggestion proposed, stored with article_topics.suggested = 1. */
  suggestedTopics?: ImportedTerm[];
  body: Block[];
  /** After how many paragraphs the page printed its partner links; the site default when absent. */
  partnerSlotAfter?: number;
  status: ArticleStatus;
  /** ISO UTC; required for published, unpublished and scheduled articles. */
  publishedAt?: string;
  updatedAt?: string;
  imageUrl?: string | null;
  /** The lead image's alt text and caption as plain text, when the source gives them. */
  imageAlt?: string | null;
  imageCaption?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  /** Who may read it, as the source restricted it (Ghost's visibility, WordPress's password or private posts); free when absent. */
  access?: AccessLevel;
}

/** Something in a file that is deliberately not imported, and why. */
export interface SkippedItem {
  name: string;
  reason: string;
}

/** What a reader found in one file. */
export interface ParsedFile {
  format: ImportFormat;
  /**
   * The large formats (WXR, Ghost) convert each article as it is asked for, so a
   * problem in an article surfaces while iterating; iterate once.
   */
  articles: Iterable<ImportedArticle>;
  /** How many articles the file holds at most (skips come off it), for progress. */
  total: number;
  /** Complete once `articles` has been iterated. */
  skipped: SkippedItem[];
}

export type ImportFormat = 'page-text' | 'html' | 'ghost' | 'wxr';

/** Turns one file's text into articles; throws a ValidationError naming where it went wrong. */
export type FormatReader = (content: string, context: ReaderContext) => ParsedFile;

export interface ReaderContext {
  /** The file's name, used in error messages. */
  name: string;
  /** The publication's time zone: a date without a time is midnight there. */
  timeZone: string;
  /**
   * The person importing named the format (`--format`) rather than leaving it to
   * detection: page text is then read even when it does not look like a news page.
   */
  formatNamed?: boolean;
}
