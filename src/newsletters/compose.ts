import type { ArticleService } from '../content/articles.js';
import type { ArticleSummary } from '../content/article-store.js';
import type { TaxonomyService } from '../content/taxonomy.js';
import { zonedParts } from '../content/dates.js';
import type { Newsletter } from './catalogue.js';

export interface IssueItem {
  articleId: number;
  headline: string;
  standfirst: string;
  /** Site path of the article, e.g. /world/2026/01/slug. */
  path: string;
  kicker: string;
}

export interface IssueDraft {
  subject: string;
  intro: string;
  items: IssueItem[];
  /** What the rule drew on, when it must not be sent twice (a print issue). */
  sourceKey: string | null;
}

export interface ComposeWindow {
  /** Content published at or after this instant is new. */
  since: string;
  /** …and before this one: the issue's scheduled time. */
  until: string;
}

export interface ComposeDeps {
  articles: ArticleService;
  taxonomy: TaxonomyService;
  timeZone: string;
  /** Source keys already used by this newsletter's earlier issues. */
  usedSourceKeys: Set<string>;
}

export const MAX_ITEMS = 10;
const ARCHIVE_PICKS = 5;

const item = (a: ArticleSummary, kicker = a.section.name): IssueItem => ({
  articleId: a.id,
  headline: a.headline,
  standfirst: a.standfirst,
  path: a.path,
  kicker,
});

/**
 * Composes an issue from a newsletter's content rule, or returns undefined when
 * there is nothing new to send (the issue is then skipped). Hand-made lists never
 * compose on their own.
 */
export async function composeIssue(newsletter: Newsletter, window: ComposeWindow, deps: ComposeDeps): Promise<IssueDraft | undefined> {
  const rule = newsletter.rule;
  switch (rule.kind) {
    case 'latest':
      return latest(newsletter, rule, window, deps);
    case 'print-issue':
      return printIssue(newsletter, window, deps);
    case 'archive':
      return archive(newsletter, window, deps);
    case 'manual':
      return undefined;
  }
}

async function latest(newsletter: Newsletter, rule: { sections?: string[]; topics?: string[] }, window: ComposeWindow, deps: ComposeDeps) {
  const range = { publishedFrom: window.since, publishedTo: window.until, sponsored: false, limit: MAX_ITEMS };
  const filters = [...(rule.sections ?? []).map((sectionSlug) => ({ sectionSlug })), ...(rule.topics ?? []).map((topicSlug) => ({ topicSlug }))];
  const lists = await Promise.all((filters.length ? filters : [{}]).map((f) => deps.articles.listPublished({ ...range, ...f })));
  const unique = new Map(lists.flat().map((a) => [a.id, a]));
  const articles = [...unique.values()]
    .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id - a.id)
    .slice(0, MAX_ITEMS);
  if (!articles.length) return undefined;
  const count = articles.length === 1 ? 'One new piece' : `${articles.length} new pieces`;
  return {
    subject: `${newsletter.name}: ${articles[0]!.headline}`,
    intro: `${count} from ${newsletter.name} since the last issue.`,
    items: articles.map((a) => item(a)),
    sourceKey: null,
  };
}

async function printIssue(newsletter: Newsletter, window: ComposeWindow, deps: ComposeDeps) {
  const latestIssue = await deps.taxonomy.latestPrintIssue();
  if (!latestIssue || latestIssue.issue_date > window.until.slice(0, 10)) return undefined;
  const sourceKey = `print:${latestIssue.number}`;
  if (deps.usedSourceKeys.has(sourceKey)) return undefined;
  const articles = await deps.articles.listPublished({ printIssueNumber: latestIssue.number, sponsored: false, limit: MAX_ITEMS, order: 'oldest' });
  if (!articles.length) return undefined;
  const title = latestIssue.title ? `: ${latestIssue.title}` : '';
  return {
    subject: `${newsletter.name} — No. ${latestIssue.number}${title}`,
    intro: `Highlights from issue ${latestIssue.number}${title}.`,
    items: articles.map((a) => item(a)),
    sourceKey,
  };
}

/** One piece from each past year's same week, spread across the archive's years. */
async function archive(newsletter: Newsletter, window: ComposeWindow, deps: ComposeDeps) {
  const [oldest] = await deps.articles.listPublished({ order: 'oldest', limit: 1 });
  if (!oldest?.publishedAt) return undefined;
  const until = new Date(window.until);
  const weekStart = new Date(until.getTime() - 3 * 86_400_000);
  const weekEnd = new Date(until.getTime() + 4 * 86_400_000);
  const shift = (d: Date, years: number) => {
    const c = new Date(d);
    c.setUTCFullYear(c.getUTCFullYear() - years);
    return c.toISOString();
  };
  const found: ArticleSummary[] = [];
  for (let back = 1; shift(weekEnd, back) > oldest.publishedAt; back++) {
    const [pick] = await deps.articles.listPublished({ publishedFrom: shift(weekStart, back), publishedTo: shift(weekEnd, back), sponsored: false, limit: 1 });
    if (pick) found.push(pick);
  }
  if (!found.length) return undefined;
  const step = found.length / Math.min(ARCHIVE_PICKS, found.length);
  const picks = Array.from({ length: Math.min(ARCHIVE_PICKS, found.length) }, (_, i) => found[Math.floor(i * step)]!);
  const year = (a: ArticleSummary) => zonedParts(a.publishedAt!, deps.timeZone).year;
  return {
    subject: `${newsletter.name}: ${picks[0]!.headline} (${year(picks[0]!)})`,
    intro: `From this week in years past: ${picks.length === 1 ? 'one piece' : `${picks.length} pieces`} from our archive.`,
    items: picks.map((a) => item(a, `From ${year(a)}`)),
    sourceKey: `archive:${window.until.slice(0, 10)}`,
  };
}
