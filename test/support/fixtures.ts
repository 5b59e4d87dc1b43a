import { b, type Block } from '../../src/content/blocks.js';
import type { ArticleInput, CreateOptions } from '../../src/content/articles.js';
import type { Services } from '../../src/services.js';

/**
 * The one fixture builder: a small newsroom (sections, authors, topics, a print issue)
 * and articles on demand, each with a unique slug unless one is given.
 */
export async function seedNewsroom(services: Services) {
  const { taxonomy } = services;
  const world = await taxonomy.upsertSection({ slug: 'world', name: 'World', description: 'News from everywhere.' });
  const politics = await taxonomy.upsertSection({ slug: 'politics', name: 'Politics', description: 'Power at home.' });
  const authors = [
    await taxonomy.upsertAuthor({ slug: 'ada-reporter', name: 'Ada Reporter', bio: 'Covers Europe.' }),
    await taxonomy.upsertAuthor({ slug: 'ben-writer', name: 'Ben Writer', bio: 'Writes on politics.' }),
  ];
  const topics = [
    await taxonomy.upsertTopic({ slug: 'russia', name: 'Russia' }),
    await taxonomy.upsertTopic({ slug: 'elections', name: 'Elections' }),
  ];
  const printIssue = await taxonomy.upsertPrintIssue({ number: 42, date: '2026-01-09', title: 'The year ahead' });
  return { world, politics, authors, topics, printIssue };
}

let counter = 0;

/** Article input with sensible defaults; override any field. */
export function articleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  counter++;
  return {
    headline: `A headline number ${counter}`,
    standfirst: 'A one-sentence standfirst.',
    slug: `article-${counter}-${process.pid}`,
    section: 'world',
    authors: ['ada-reporter'],
    topics: ['russia'],
    body: [b.p('First paragraph.'), b.p('Second paragraph.')] satisfies Block[],
    ...overrides,
  };
}

/** Creates a published article dated `publishedAt` (default 2026-01-07 09:00 UTC). */
export function publishedArticle(services: Services, overrides: Partial<ArticleInput> = {}, options: CreateOptions = {}) {
  return services.articles.create(articleInput(overrides), { status: 'published', publishedAt: '2026-01-07T09:00:00.000Z', ...options });
}

/** Two newsletters: a weekday briefing from World, a weekly read from Politics (held for approval). */
export async function seedNewsletters(services: Services) {
  const daily = await services.newsletters.add({
    slug: 'daily-brief',
    name: 'The Daily Brief',
    description: 'World news every weekday.',
    cadence: { cron: '0 7 * * 1-5', timezone: 'Europe/London', label: 'Weekday mornings' },
    rule: { kind: 'latest', sections: ['world'] },
    senderName: 'The Daily Brief',
    replyTo: 'editor@test.example',
  });
  const weekend = await services.newsletters.add({
    slug: 'weekend-read',
    name: 'The Weekend Read',
    description: 'Politics, every Saturday.',
    cadence: { cron: '0 9 * * 6', timezone: 'Europe/London', label: 'Saturdays' },
    rule: { kind: 'latest', sections: ['politics'] },
    requiresApproval: true,
  });
  return { daily, weekend };
}

/** `count` published articles one day apart from `from` (ISO), oldest first. */
export async function publishedSeries(services: Services, count: number, overrides: Partial<ArticleInput> = {}, from = '2025-03-01T09:00:00.000Z') {
  const articles = [];
  for (let i = 0; i < count; i++) {
    articles.push(await publishedArticle(services, overrides, { publishedAt: new Date(Date.parse(from) + i * 86_400_000).toISOString() }));
  }
  return articles;
}
