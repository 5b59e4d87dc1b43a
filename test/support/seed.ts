import { readFileSync } from 'node:fs';

/** The seed article page as a reader saw it. It stays in ../shared: tests read it, never copy it. */
export const seedPath = new URL('../../../shared/seed/article.txt', import.meta.url);
export const seedText = readFileSync(seedPath, 'utf8');

/** The seed page's parts, found by the furniture labels printed on it, so that no test repeats its text. */
export function seedParts() {
  const lines = seedText
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const byline = lines.findIndex((l) => l.startsWith('By '));
  const signup = lines.findIndex((l) => l.startsWith('Sign up for'));
  const partners = lines.indexOf('Content from our partners');
  return {
    supportPrompt: lines[0]!,
    dateline: lines[byline - 3]!,
    headline: lines[byline - 2]!,
    standfirst: lines[byline - 1]!,
    byline: lines[byline]!,
    author: lines[byline]!.slice(3),
    paragraphsBeforePartners: partners - byline - 1,
    paragraphs: [...lines.slice(byline + 1, partners), ...lines.slice(partners + 4, signup)],
    partnerTitles: lines.slice(partners + 1, partners + 4),
    signupText: lines[signup]!,
    topicsLabel: 'Topics in this article',
  };
}
