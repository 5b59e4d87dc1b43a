import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import { slugify } from '../content/slug.js';

/**
 * Topic suggestion: the people, places and organisations an article is about,
 * found with compromise, with the forms of one name merged ("Putin" into
 * "Vladimir Putin", "CSTO" into "Collective Security Treaty Organisation") and
 * ranked by salience (headline and standfirst mentions weigh more than the body's).
 */

export type EntityKind = 'person' | 'place' | 'organisation';

export interface TopicSuggestion {
  name: string;
  slug: string;
  kind: EntityKind | 'topic';
  score: number;
  mentions: number;
  /** The newsroom already has this topic: proposed first. */
  existing: boolean;
}

export interface SuggestInput {
  headline: string;
  standfirst?: string;
  /** Body paragraphs as plain text. */
  paragraphs: string[];
}

interface Term {
  text: string;
  pre: string;
  post: string;
  tags: string[];
}

interface Candidate {
  name: string;
  words: string[];
  kind: EntityKind | undefined;
  score: number;
  mentions: number;
  firstAt: number;
}

const connectors = new Set(['of', 'for', 'de', 'da', 'del', 'von', 'van', 'der', 'al', 'bin', 'la', 'le']);
const orgWords =
  /^(organisation|organization|council|institute|union|party|ministry|agency|bank|company|corporation|corp|inc|ltd|plc|committee|alliance|association|court|parliament|assembly|commission|office|department|service|fund|foundation|university|college|group|forum|federation|league|club|army|navy|police|network|authority|board|bureau|church|trust|society|movement|front|coalition|congress|senate|government|administration)$/i;
const placeWords = /^(republic|kingdom|state|states|province|region|city|county|island|islands|mountains|river|sea|ocean|gulf|bay|valley|strait|peninsula|district)$/i;
const eventWords = /^(war|wars|games|cup|election|elections|summit|revolution|crisis|treaty|act|festival|prize|awards?|day|week|olympics)$/i;
const personTags = ['Person', 'FirstName', 'LastName', 'Honorific', 'MaleName', 'FemaleName'];
const placeTags = ['Place', 'Country', 'City', 'Region', 'Address'];
const orgTags = ['Organization', 'Company', 'SportsTeam', 'School'];
const notNameTags = ['Date', 'Month', 'WeekDay', 'Holiday', 'Pronoun', 'Determiner', 'Verb', 'Adverb', 'Conjunction', 'Preposition', 'Value'];

const isCapitalised = (t: string) => /^\p{Lu}/u.test(t);
const has = (tags: string[], list: string[]) => list.some((t) => tags.includes(t));
const clean = (text: string) => text.replace(/^[“"‘'(\[]+|[”"’'),.;:!?\]]+$/g, '').replace(/[’']s$/i, '');

/** Runs of name-like words in one sentence: broken by punctuation, lower-case words and non-nouns. */
function spans(terms: Term[]): Array<{ words: string[]; tags: string[][] }> {
  const out: Array<{ words: string[]; tags: string[][] }> = [];
  let run: { words: string[]; tags: string[][] } = { words: [], tags: [] };
  const end = (next?: Term) => {
    // A lone word used as a modifier ("Kazakh government", "Azerbaijani territory") is an adjective, not a name.
    const modifier =
      next !== undefined &&
      run.words.length === 1 &&
      /^\p{Ll}/u.test(next.text) &&
      has(next.tags, ['Noun', 'Adjective']) &&
      !has(run.tags[0]!, ['Country', 'City', 'Possessive', 'Acronym', ...personTags]);
    if (modifier) run = { words: [], tags: [] };
    while (run.words.length && connectors.has(run.words[run.words.length - 1]!)) {
      run.words.pop();
      run.tags.pop();
    }
    if (run.words.length) out.push(run);
    run = { words: [], tags: [] };
  };
  terms.forEach((term, i) => {
    const word = clean(term.text);
    const nameLike =
      word.length > 1 &&
      isCapitalised(word) &&
      !has(term.tags, notNameTags) &&
      // A capitalised word opening a sentence is only a name if compromise knows it as one.
      (i > 0 || has(term.tags, ['ProperNoun', 'Acronym', ...personTags, ...placeTags, ...orgTags]));
    const joins = !nameLike && run.words.length > 0 && connectors.has(term.text) && !/[^\s-]/.test(term.post.replace(/\s/g, ''));
    if (nameLike) {
      if (/[“"‘(]/.test(term.pre) && run.words.length) end();
      if (run.words.length && terms[i - 1]!.post.trim() === '-') {
        run.words[run.words.length - 1] += `-${word}`;
        run.tags[run.tags.length - 1]!.push(...term.tags);
      } else {
        run.words.push(word);
        run.tags.push([...term.tags]);
      }
      // Punctuation after a word closes the name ("Armenia, Belarus"); a hyphen joins ("Kassym-Jomart").
      if (/[^\s-]/.test(term.post)) end();
    } else if (joins) {
      run.words.push(term.text);
      run.tags.push([]);
    } else end(term);
  });
  end();
  return out;
}

function kindOf(words: string[], tags: string[][]): EntityKind | undefined {
  const all = tags.flat();
  const last = words[words.length - 1]!;
  if (words.some((w) => orgWords.test(w)) || has(all, orgTags)) return 'organisation';
  if (placeWords.test(words[0]!) || placeWords.test(last)) return 'place';
  if (has(all, personTags)) return 'person';
  if (has(all, placeTags)) return 'place';
  if (words.length === 1 && /^[A-Z]{2,6}$/.test(last)) return 'organisation';
  // An unknown run of two or three capitalised words is most often a person's name.
  if (words.length >= 2 && words.length <= 3 && !words.some((w) => connectors.has(w))) return 'person';
  return undefined;
}

/** "Long Name (LN)" in the text: acronyms and the names they stand for. */
function acronymDefinitions(text: string): Map<string, string> {
  const map = new Map<string, string>();
  // At most 14 words, enough for an eight-letter acronym and its connectors: unbounded, a page of capitalised words backtracks for minutes.
  const re = /((?:\p{Lu}[\p{L}-]+\s+)(?:(?:of|for|and|the|\p{Lu}[\p{L}-]+)\s+){0,12}\p{Lu}[\p{L}-]+)\s+\((\p{Lu}{2,8})\)/gu;
  for (const m of text.matchAll(re)) map.set(m[2]!, m[1]!);
  return map;
}

const initials = (words: string[]) =>
  words
    .filter((w) => !connectors.has(w) && w !== 'and' && w !== 'the')
    .map((w) => w[0])
    .join('')
    .toUpperCase();

function containsRun(long: string[], short: string[]): boolean {
  for (let i = 0; i + short.length <= long.length; i++) if (short.every((w, j) => long[i + j] === w)) return true;
  return false;
}

/**
 * How long one suggestion may take. compromise's cost grows faster than the text it
 * reads, so a page of oddities could hold an import or an editor's form for minutes;
 * past the budget, what the text read so far (the headline and opening first) is the answer.
 */
export const SUGGEST_BUDGET_MS = 3_000;

/**
 * Names the article is about, most salient first, the newsroom's existing topics
 * before new ones.
 *
 * @example suggestTopics({ headline: 'Putin visits Minsk', paragraphs: ['Vladimir Putin met…'] }, [])
 */
// Loaded on first use (synchronously, as callers are): its lexicon costs a server ~30 MB that only editors' tools need.
let nlpModule: typeof nlpType | undefined;
const compromise = () => (nlpModule ??= createRequire(import.meta.url)('compromise') as typeof nlpType);

export function suggestTopics(input: SuggestInput, existing: Array<{ name: string; slug: string }> = [], limit = 15, budgetMs = SUGGEST_BUDGET_MS): TopicSuggestion[] {
  const nlp = compromise();
  // The budget starts once the library is loaded: loading is paid once per process, not per article.
  // Reading the text may take two thirds of it, merging the names found the rest.
  const start = performance.now();
  const readingOver = () => performance.now() >= start + (budgetMs * 2) / 3;
  const overBudget = () => performance.now() >= start + budgetMs;
  const sections: Array<{ text: string; weight: number }> = [
    { text: input.headline, weight: 4 },
    { text: input.standfirst ?? '', weight: 2 },
    ...input.paragraphs.map((text, i) => ({ text, weight: i === 0 ? 1.5 : 1 })),
  ].filter((s) => s.text.trim());

  const candidates = new Map<string, Candidate>();
  let position = 0;
  const read: string[] = [];
  for (const section of sections) {
    if (readingOver()) break;
    read.push(section.text);
    for (const sentence of nlp(section.text).json({ terms: { tags: true } }) as Array<{ terms: Term[] }>) {
      for (const span of spans(sentence.terms)) {
        const kind = kindOf(span.words, span.tags);
        if (span.words.some((w) => eventWords.test(w)) && kind !== 'organisation') continue;
        const single = span.words.length === 1;
        if (single && (span.tags[0]!.includes('Demonym') || span.tags[0]!.includes('Adjective'))) continue;
        const name = span.words.join(' ');
        const key = name.toLowerCase();
        const c = candidates.get(key) ?? { name, words: span.words, kind, score: 0, mentions: 0, firstAt: position };
        c.kind ??= kind;
        c.score += section.weight;
        c.mentions += 1;
        candidates.set(key, c);
        position++;
      }
    }
  }

  // Only the text read: the rest is what the budget had no time for.
  const fullText = read.join('\n');
  const merged = mergeVariants([...candidates.values()], acronymDefinitions(fullText), overBudget);

  const existingBySlug = new Map(existing.map((t) => [t.slug, t]));
  const results: TopicSuggestion[] = [];
  const taken = new Set<string>();
  for (const c of merged) {
    const match = c.variants.map((v) => existingBySlug.get(slugify(v))).find(Boolean);
    const known = c.kind !== undefined || c.mentions >= 2;
    if (!match && !known) continue;
    const slug = match?.slug ?? slugify(c.name);
    if (taken.has(slug)) continue;
    taken.add(slug);
    results.push({ name: match?.name ?? c.name, slug, kind: c.kind ?? 'organisation', score: c.score + 1 / (1 + c.firstAt), mentions: c.mentions, existing: Boolean(match) });
  }
  // Existing topics named in the text though no entity found them ("Elections" in a body).
  for (const t of existing) {
    if (overBudget()) break;
    if (taken.has(t.slug)) continue;
    const count = fullText.match(new RegExp(`\\b${t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'))?.length ?? 0;
    if (count) results.push({ name: t.name, slug: t.slug, kind: 'topic', score: count, mentions: count, existing: true });
  }
  return results.sort((a, b) => Number(b.existing) - Number(a.existing) || b.score - a.score).slice(0, limit);
}

interface Merged extends Candidate {
  variants: string[];
}

/** Folds short forms into the full name they stand for: surnames, first names, acronyms, shortened organisation names. */
function mergeVariants(list: Candidate[], acronyms: Map<string, string>, overBudget: () => boolean): Merged[] {
  const entities: Merged[] = list.map((c) => ({ ...c, variants: [c.name] }));
  const byName = new Map(entities.map((e) => [e.name, e]));
  const absorb = (into: Merged, from: Merged) => {
    into.score += from.score;
    into.mentions += from.mentions;
    into.firstAt = Math.min(into.firstAt, from.firstAt);
    into.variants.push(...from.variants);
    into.kind ??= from.kind;
    from.variants = [];
  };
  // Longest names first, so that a short form finds the full name it belongs to.
  const ordered = [...entities].sort((a, b) => b.words.length - a.words.length);
  for (const short of [...entities].sort((a, b) => a.words.length - b.words.length)) {
    // Past the budget the short forms left stay names of their own: a longer list, not a wrong one.
    if (overBudget()) break;
    if (!short.variants.length) continue;
    const expanded = acronyms.get(short.name);
    if (expanded && !byName.has(expanded)) {
      short.variants.push(expanded);
      short.name = expanded;
      short.words = expanded.split(' ');
      short.kind ??= 'organisation';
      continue;
    }
    let target: Merged | undefined = expanded ? byName.get(expanded) : undefined;
    if (!target && /^\p{Lu}{2,8}$/u.test(short.name)) {
      target = ordered.find((e) => e !== short && e.variants.length && e.words.length === short.name.length && initials(e.words) === short.name);
    }
    if (!target && short.kind !== 'place') {
      const containing = ordered.filter((e) => e !== short && e.variants.length && e.words.length > short.words.length && containsRun(e.words, short.words));
      if (containing.length === 1) target = containing[0];
    }
    if (target && target !== short && target.variants.length) absorb(target, short);
  }
  return entities.filter((e) => e.variants.length);
}
