import type { Block } from '../content/blocks.js';

/** The demo site's data, written as plain values; demo/load.ts feeds them through the services. */
export interface DemoSection {
  slug: string;
  name: string;
  description: string;
}

export interface DemoAuthor {
  slug: string;
  name: string;
  bio: string;
}

export interface DemoTopic {
  slug: string;
  name: string;
  /** Other names imports attach to the topic. */
  aliases?: string[];
}

export interface DemoPrintIssue {
  number: number;
  /** YYYY-MM-DD, the cover date. */
  date: string;
  title: string;
}

export interface DemoArticle {
  slug: string;
  /** Section slug. */
  section: string;
  headline: string;
  standfirst: string;
  /** Author slugs, in byline order. */
  authors: string[];
  /** Topic slugs, most important first. */
  topics: string[];
  /** ISO 8601 UTC, e.g. 2025-03-14T07:00:00Z. */
  publishedAt: string;
  /** ISO 8601 UTC when the article was revised after publication. */
  updatedAt?: string;
  printIssue?: number;
  /** Set only on partner (sponsored) content: the paying partner's name. */
  sponsor?: string;
  body: Block[];
}

/** Which articles a newsletter issue collects. */
export type DemoNewsletterRule =
  | { kind: 'latest'; sections?: string[]; topics?: string[] }
  | { kind: 'print-issue' }
  | { kind: 'archive' }
  | { kind: 'manual' };

export interface DemoNewsletter {
  slug: string;
  name: string;
  description: string;
  /** null for a list with no schedule (the marketing-consent list). */
  cadence: { cron: string; timezone: string; label: string } | null;
  rule: DemoNewsletterRule;
  /** True for the marketing-consent list: offers and events, not editorial. */
  marketing?: boolean;
}
