import { articleInput } from '../content/article-input.js';
import type { AccessLevel } from '../access/access-level.js';
import { bodyText } from '../content/blocks.js';
import { slugify } from '../content/slug.js';
import { authorInput, sectionInput, topicInput } from '../content/taxonomy-input.js';
import type { ArticleStatus } from '../content/workflow.js';
import { ValidationError } from '../errors.js';
import { monthIn } from './dates.js';
import type { SuppliedDocument } from '../search/supplied-search-rows.js';
import type { ImportedArticle, ImportedTerm, ReaderContext } from './model.js';

export interface PreparedTerm {
  slug: string;
  name: string;
}

export interface PreparedAuthor extends PreparedTerm {
  bio?: string;
  photo_url?: string | null;
}

/**
 * One article checked by the article service's own rules and reduced to what the
 * writer stores: plain data, so that it can cross from a reading thread to the writing one.
 */
export interface PreparedArticle {
  key: string;
  where: string;
  headline: string;
  standfirst: string;
  slug: string;
  section: PreparedTerm;
  authors: PreparedAuthor[];
  topics: Array<PreparedTerm & { suggested: boolean }>;
  /** Whether the source named topics of its own (an editor's reviewed topics are kept otherwise). */
  namesTopics: boolean;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string;
  scheduledFor: string | null;
  /** 'YYYY/MM' of the URL, unless a re-import keeps the month it was first published in. */
  month: string;
  /** The body blocks as stored (JSON) and as searched (text). */
  body: string;
  bodyText: string;
  partnerSlotAfter: number | null;
  seoTitle: string | null;
  seoDescription: string | null;
  imageUrl: string | null;
  /** The media-library copy of the lead image, once the import has fetched it (remote-images.ts). */
  imageMediaId: number | null;
  imageAlt: string | null;
  imageCaption: string | null;
  access: AccessLevel;
  /** PostgreSQL: its search row's contents, when the reading thread made them (search-documents.ts). */
  searchDocument?: SuppliedDocument;
}

export interface PrepareContext extends ReaderContext {
  /** When the import runs: the publication time of a live article whose source gives none. */
  at: string;
}

export function fail(name: string, where: string, message: string, issues: Array<{ path: string; message: string }> = []): never {
  throw new ValidationError(`${name}: ${where}: ${message}`, issues);
}

/** A lead image's text, kept only with the image it describes. */
const leadText = (imageUrl: string | null | undefined, text: string | null | undefined) => (imageUrl && text?.trim()) || null;

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A term's slug, validated by the same schema editors' terms pass. */
function termSlug(kind: 'section' | 'author' | 'topic', term: ImportedTerm, name: string, where: string): string {
  const slug = term.slug && slugPattern.test(term.slug) ? term.slug : slugify(term.name);
  const schema = kind === 'section' ? sectionInput : kind === 'author' ? authorInput : topicInput;
  const result = schema.safeParse({ slug, name: term.name });
  if (!result.success) {
    fail(name, where, `invalid ${kind} "${term.name}"`, result.error.issues.map((i) => ({ path: `${kind}.${i.path.join('.')}`, message: i.message })));
  }
  return slug;
}

/**
 * Checks one file's articles, one at a time, by the article service's rules (the same
 * zod schemas) and that no article appears twice; throws a ValidationError naming
 * where in the file the first problem is.
 */
export function articlePreparer({ name, timeZone, at }: PrepareContext): (a: ImportedArticle) => PreparedArticle {
  const seenKeys = new Map<string, string>();
  // A file names the same few sections, authors and topics on every article: each is checked once.
  const checkedSlugs = new Map<string, string>();
  const slugOf = (kind: 'section' | 'author' | 'topic', term: ImportedTerm, where: string) => {
    const key = `${kind}\0${term.slug ?? ''}\0${term.name}`;
    let slug = checkedSlugs.get(key);
    if (slug === undefined) checkedSlugs.set(key, (slug = termSlug(kind, term, name, where)));
    return slug;
  };
  const uniqueTerms = <T extends ImportedTerm>(kind: 'author' | 'topic', list: T[], where: string) => {
    const bySlug = new Map<string, T>();
    for (const t of list) {
      const slug = slugOf(kind, t, where);
      if (!bySlug.has(slug)) bySlug.set(slug, t);
    }
    return bySlug;
  };

  return (a) => {
    const earlier = seenKeys.get(a.key);
    if (earlier) fail(name, a.where, `the same article appears twice (also at ${earlier})`);
    seenKeys.set(a.key, a.where);

    const section = { slug: slugOf('section', a.section, a.where), name: a.section.name };
    const authors = [...uniqueTerms('author', a.authors, a.where)].map(([slug, t]) => ({ slug, name: t.name, bio: t.bio, photo_url: t.photoUrl ?? null }));
    const chosen = uniqueTerms('topic', a.topics, a.where);
    const suggested = [...uniqueTerms('topic', a.suggestedTopics ?? [], a.where)].filter(([slug]) => !chosen.has(slug));

    const slug = a.slug && slugPattern.test(a.slug) && a.slug.length <= 120 ? a.slug : slugify(a.headline);
    const checked = articleInput.safeParse({
      headline: a.headline,
      standfirst: a.standfirst,
      slug,
      section: section.slug,
      authors: authors.map((x) => x.slug),
      topics: [...chosen.keys()],
      suggestedTopics: suggested.map(([s]) => s),
      body: a.body,
      partnerSlotAfter: a.partnerSlotAfter ?? null,
      seoTitle: a.seoTitle ?? null,
      seoDescription: a.seoDescription ?? null,
      imageUrl: a.imageUrl ?? null,
      imageAlt: leadText(a.imageUrl, a.imageAlt),
      imageCaption: leadText(a.imageUrl, a.imageCaption),
      access: a.access ?? 'free',
    });
    if (!checked.success) {
      fail(name, a.where, `"${a.headline.slice(0, 80)}" is not a valid article`, checked.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    }
    const live = a.status === 'published' || a.status === 'unpublished';
    // A draft's date in the source is not a publication: like a new draft here, it takes its URL month when published.
    const publishedAt = live ? (a.publishedAt ?? at) : null;
    if (a.status === 'scheduled' && !a.publishedAt) fail(name, a.where, 'a scheduled article needs its publication time');
    return {
      key: a.key,
      where: a.where,
      headline: a.headline.trim(),
      standfirst: a.standfirst.trim(),
      slug,
      section,
      authors,
      topics: [
        ...[...chosen].map(([slug, t]) => ({ slug, name: t.name, suggested: false })),
        ...suggested.map(([slug, t]) => ({ slug, name: t.name, suggested: true })),
      ],
      namesTopics: a.topics.length > 0,
      status: a.status,
      publishedAt: a.status === 'scheduled' ? null : publishedAt,
      scheduledFor: a.status === 'scheduled' ? a.publishedAt! : null,
      updatedAt: a.updatedAt ?? publishedAt ?? at,
      month: monthIn(publishedAt ?? (a.status === 'scheduled' ? a.publishedAt! : at), timeZone),
      body: JSON.stringify(checked.data.body),
      bodyText: bodyText(checked.data.body),
      partnerSlotAfter: a.partnerSlotAfter ?? null,
      seoTitle: a.seoTitle ?? null,
      seoDescription: a.seoDescription ?? null,
      imageUrl: a.imageUrl ?? null,
      imageMediaId: null,
      imageAlt: leadText(a.imageUrl, a.imageAlt),
      imageCaption: leadText(a.imageUrl, a.imageCaption),
      access: checked.data.access,
    };
  };
}
