import type { Kysely } from 'kysely';
import { articleInput } from '../content/articles.js';
import { articlePath } from '../content/article-store.js';
import { BODY_VERSION, bodyText } from '../content/blocks.js';
import { slugify } from '../content/slug.js';
import { authorInput, sectionInput, topicInput } from '../content/taxonomy.js';
import { canTransition, type ArticleStatus } from '../content/workflow.js';
import type { DB } from '../db/schema.js';
import { ValidationError } from '../errors.js';
import { monthIn } from './dates.js';
import { importStore, type ArticleRowInput } from './import-store.js';
import type { ImportedArticle, ImportedAuthor, ImportedTerm } from './model.js';

export interface WrittenArticle {
  id: number;
  path: string;
  headline: string;
  status: 'created' | 'updated';
}

export interface WriteContext {
  /** File name, for error messages. */
  name: string;
  timeZone: string;
  /** When the import runs (creation time, revision time). */
  at: string;
  onProgress?(written: number): void;
}

interface Prepared {
  source: ImportedArticle;
  sectionSlug: string;
  slug: string;
  authorSlugs: string[];
  topics: Array<{ slug: string; suggested: boolean }>;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string;
  scheduledFor: string | null;
  month: string;
  body: string;
  bodyText: string;
}

function fail(name: string, where: string, message: string, issues: Array<{ path: string; message: string }> = []): never {
  throw new ValidationError(`${name}: ${where}: ${message}`, issues);
}

/** A term's slug, validated by the same schema editors' terms pass. */
function termSlug(kind: 'section' | 'author' | 'topic', term: ImportedTerm, name: string, where: string): string {
  const slug = term.slug && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(term.slug) ? term.slug : slugify(term.name);
  const schema = kind === 'section' ? sectionInput : kind === 'author' ? authorInput : topicInput;
  const result = schema.safeParse({ slug, name: term.name });
  if (!result.success) {
    fail(name, where, `invalid ${kind} "${term.name}"`, result.error.issues.map((i) => ({ path: `${kind}.${i.path.join('.')}`, message: i.message })));
  }
  return slug;
}

/**
 * Validates every article of one file by the article service's own rules (the same
 * zod schemas, URL uniqueness, revisions of published articles), then writes them
 * in batches. Call inside the file's transaction: the first problem throws and the
 * caller's transaction undoes the rest.
 */
export async function writeArticles(db: Kysely<DB>, articles: ImportedArticle[], ctx: WriteContext): Promise<WrittenArticle[]> {
  const { name, timeZone, at } = ctx;
  const store = importStore(db);
  const sections = new Map<string, { slug: string; name: string }>();
  const authors = new Map<string, { slug: string; name: string; bio?: string; photo_url?: string | null }>();
  const topics = new Map<string, { slug: string; name: string }>();
  const seenKeys = new Map<string, string>();

  const prepared: Prepared[] = articles.map((a) => {
    const earlier = seenKeys.get(a.key);
    if (earlier) fail(name, a.where, `the same article appears twice (also at ${earlier})`);
    seenKeys.set(a.key, a.where);

    const sectionSlug = termSlug('section', a.section, name, a.where);
    if (!sections.has(sectionSlug)) sections.set(sectionSlug, { slug: sectionSlug, name: a.section.name });
    const authorSlugs = [...new Set(a.authors.map((x: ImportedAuthor) => {
      const slug = termSlug('author', x, name, a.where);
      if (!authors.has(slug)) authors.set(slug, { slug, name: x.name, bio: x.bio, photo_url: x.photoUrl ?? null });
      return slug;
    }))];
    const topicSlugs = (list: ImportedTerm[]) =>
      [...new Set(list.map((t) => {
        const slug = termSlug('topic', t, name, a.where);
        if (!topics.has(slug)) topics.set(slug, { slug, name: t.name });
        return slug;
      }))];
    const chosen = topicSlugs(a.topics);
    const suggested = topicSlugs(a.suggestedTopics ?? []).filter((s) => !chosen.includes(s));

    const slug = a.slug && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(a.slug) && a.slug.length <= 120 ? a.slug : slugify(a.headline);
    const checked = articleInput.safeParse({
      headline: a.headline,
      standfirst: a.standfirst,
      slug,
      section: sectionSlug,
      authors: authorSlugs,
      topics: chosen,
      suggestedTopics: suggested,
      body: a.body,
      seoTitle: a.seoTitle ?? null,
      seoDescription: a.seoDescription ?? null,
      imageUrl: a.imageUrl ?? null,
    });
    if (!checked.success) {
      fail(name, a.where, `"${a.headline.slice(0, 80)}" is not a valid article`, checked.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    }
    const live = a.status === 'published' || a.status === 'unpublished';
    // A draft's date in the source is not a publication: like a new draft here, it takes its URL month when published.
    const publishedAt = live ? (a.publishedAt ?? at) : null;
    if (a.status === 'scheduled' && !a.publishedAt) fail(name, a.where, 'a scheduled article needs its publication time');
    return {
      source: a,
      sectionSlug,
      slug,
      authorSlugs,
      topics: [...chosen.map((s) => ({ slug: s, suggested: false })), ...suggested.map((s) => ({ slug: s, suggested: true }))],
      status: a.status,
      publishedAt: a.status === 'scheduled' ? null : publishedAt,
      scheduledFor: a.status === 'scheduled' ? a.publishedAt! : null,
      updatedAt: a.updatedAt ?? publishedAt ?? at,
      month: monthIn(publishedAt ?? (a.status === 'scheduled' ? a.publishedAt! : at), timeZone),
      body: JSON.stringify(checked.data.body),
      bodyText: bodyText(checked.data.body),
    };
  });

  const sectionIds = await store.ensureTerms('sections', [...sections.values()], at);
  const authorIds = await store.ensureTerms('authors', [...authors.values()], at);
  const topicIds = await store.ensureTerms('topics', [...topics.values()], at);
  const existing = await store.existingByKey(prepared.map((p) => p.source.key));

  // An article keeps the URL month it was first published in; a clash of URLs is named before anything is written.
  const urls = new Map<string, Prepared>();
  const sectionSlugById = new Map([...sectionIds].map(([slug, id]) => [id, slug]));
  for (const p of prepared) {
    const old = existing.get(p.source.key);
    if (old?.first_published_at) p.month = old.url_month;
    // A live URL never silently turns into a draft: the workflow's rule, applied to re-imports.
    if (old?.status === 'published' && p.status !== 'published' && !canTransition('published', p.status)) p.status = 'unpublished';
    const url = `${sectionIds.get(p.sectionSlug)}|${p.month}|${p.slug}`;
    const clash = urls.get(url);
    if (clash) fail(name, p.source.where, `its URL ${articlePath(p.sectionSlug, p.month, p.slug)} is already taken by the article at ${clash.source.where} in the same file`);
    urls.set(url, p);
  }
  for (const other of await store.bySlugs(prepared.map((p) => p.slug))) {
    const mine = urls.get(`${other.section_id}|${other.url_month}|${other.slug}`);
    if (mine && other.import_key !== mine.source.key) {
      fail(name, mine.source.where, `the slug "${other.slug}" is already used by another article at ${articlePath(sectionSlugById.get(other.section_id) ?? '', other.url_month, other.slug)}`);
    }
  }

  const written: WrittenArticle[] = [];
  let done = 0;
  for (let start = 0; start < prepared.length; start += 500) {
    const batch = prepared.slice(start, start + 500);
    const rows: ArticleRowInput[] = batch.map((p) => ({
      section_id: sectionIds.get(p.sectionSlug)!,
      slug: p.slug,
      url_month: p.month,
      headline: p.source.headline.trim(),
      standfirst: p.source.standfirst.trim(),
      body: p.body,
      body_text: p.bodyText,
      body_version: BODY_VERSION,
      status: p.status,
      first_published_at: p.publishedAt,
      published_at: p.publishedAt,
      scheduled_for: p.scheduledFor,
      updated_at: p.updatedAt,
      created_at: at,
      print_issue_id: null,
      sponsor: null,
      partner_slot_after: null,
      seo_title: p.source.seoTitle ?? null,
      seo_description: p.source.seoDescription ?? null,
      image_url: p.source.imageUrl ?? null,
      version: 1,
      import_key: p.source.key,
    }));
    const saved = new Map((await store.upsertArticles(rows)).map((r) => [r.import_key, r]));

    const ids = batch.map((p) => saved.get(p.source.key)!.id);
    await store.replaceAuthors(
      ids.filter((_, i) => existing.has(batch[i]!.source.key)),
      batch.flatMap((p, i) => p.authorSlugs.map((slug, position) => ({ article_id: ids[i]!, author_id: authorIds.get(slug)!, position, published_at: listedAt(p) }))),
    );
    // Topics an editor may already have reviewed are kept when the source names none of its own.
    const topicOwners = batch.map((p, i) => ({ p, id: ids[i]!, old: existing.get(p.source.key) })).filter(({ p, old }) => !(old && old.has_topics > 0 && p.source.topics.length === 0));
    await store.replaceTopics(
      topicOwners.filter(({ old }) => old).map(({ id }) => id),
      topicOwners.flatMap(({ p, id }) => p.topics.map((t, position) => ({ article_id: id, topic_id: topicIds.get(t.slug)!, position, suggested: t.suggested ? 1 : 0, published_at: listedAt(p) }))),
    );
    await store.addRevisions(
      batch.flatMap((p, i) =>
        p.status === 'published'
          ? [{ article_id: ids[i]!, version: saved.get(p.source.key)!.version, snapshot: snapshot(p), created_at: at, user_id: null }]
          : [],
      ),
    );
    await store.addRedirects(
      batch.flatMap((p, i) => {
        const old = existing.get(p.source.key);
        if (!old?.first_published_at) return [];
        const before = articlePath(old.section_slug, old.url_month, old.slug);
        return before === articlePath(p.sectionSlug, p.month, p.slug) ? [] : [{ from_path: before, article_id: ids[i]!, created_at: at }];
      }),
    );

    batch.forEach((p, i) =>
      written.push({ id: ids[i]!, path: articlePath(p.sectionSlug, p.month, p.slug), headline: p.source.headline.trim(), status: existing.has(p.source.key) ? 'updated' : 'created' }),
    );
    done += batch.length;
    ctx.onProgress?.(done);
  }
  return written;
}

/** The date topic and author lists sort by: set only while published (migration 008 keeps it so afterwards). */
const listedAt = (p: Prepared) => (p.status === 'published' ? p.publishedAt : null);

/** The revision snapshot, in the shape the article service writes; the body's JSON is reused rather than serialised twice. */
function snapshot(p: Prepared): string {
  const a = p.source;
  return `{"headline":${JSON.stringify(a.headline.trim())},"standfirst":${JSON.stringify(a.standfirst.trim())},"slug":${JSON.stringify(p.slug)},"section":${JSON.stringify(p.sectionSlug)},"authors":${JSON.stringify(p.authorSlugs)},"topics":${JSON.stringify(p.topics.filter((t) => !t.suggested).map((t) => t.slug))},"suggestedTopics":${JSON.stringify(p.topics.filter((t) => t.suggested).map((t) => t.slug))},"body":${p.body},"printIssue":null,"sponsor":null,"partnerSlotAfter":null,"seoTitle":${JSON.stringify(a.seoTitle ?? null)},"seoDescription":${JSON.stringify(a.seoDescription ?? null)},"imageUrl":${JSON.stringify(a.imageUrl ?? null)},"status":"published","publishedAt":${JSON.stringify(p.publishedAt)},"updatedAt":${JSON.stringify(p.updatedAt)}}`;
}
