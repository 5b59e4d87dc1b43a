import type { Kysely } from 'kysely';
import type { AccessLevel } from '../access/access-level.js';
import { articlePath } from '../content/article-store.js';
import { BODY_VERSION } from '../content/blocks.js';
import { canTransition } from '../content/workflow.js';
import type { DialectAdapter } from '../db/dialect.js';
import type { DB } from '../db/schema.js';
import type { SuppliedSearchRows } from '../search/supplied-search-rows.js';
import { topicAttacher } from '../topics/topic-attach.js';
import type { TopicRef } from '../topics/topic-names.js';
import { importStore, type ArticleRowInput, type ExistingArticle } from './import-store.js';
import { fail, type PreparedArticle, type PreparedTerm } from './prepare.js';
import { searchable, searchDocumentsOf } from './search-documents.js';

export interface WrittenArticle {
  id: number;
  path: string;
  headline: string;
  status: 'created' | 'updated';
  access: AccessLevel;
}

export interface WriteContext {
  /** File name, for error messages. */
  name: string;
  /** When the import runs (creation time, revision time). */
  at: string;
  /** What the database can do: PostgreSQL takes a batch's rows as arrays. */
  dialect: DialectAdapter;
  /** PostgreSQL: search rows computed beside the writes instead of by the insert trigger. */
  searchRows?: SuppliedSearchRows;
  /**
   * Whether every article in the database is one this writer wrote (the first file of a bulk
   * load, bulk-load-postgres.ts: the tables were empty and stay locked). Its batches then skip
   * the lookups of existing keys and URLs: a file's keys are unique (prepare.ts), and its URLs
   * are checked against each other here.
   */
  alone?: () => Promise<boolean>;
}

/**
 * Writes one file's prepared articles, a batch at a time as they arrive, checking
 * each batch's URLs against the file's earlier batches and the database before it is
 * written; `finish` once the file's batches are written. Call inside the file's
 * transaction: the first problem throws and the caller's transaction undoes the rest.
 */
export function articleWriter(db: Kysely<DB>, { name, at, dialect, searchRows, alone }: WriteContext) {
  const store = importStore(db, dialect);
  const termIds = { sections: new Map<string, number>(), authors: new Map<string, number>(), topics: new Map<string, number>() };
  /** URL (section id|month|slug) → where in the file the article holding it is. */
  const urls = new Map<string, string>();
  const attachTopics = topicAttacher(db, at);
  /** Topic slug as the file names it → the topic it attached to. */
  const topicOf = new Map<string, TopicRef>();
  /**
   * Stores the last batch's search rows. It runs after the next batch has asked for its
   * documents, so that the other connection computes those while this one stores.
   */
  let storeLastSearchRows: (() => Promise<void>) | undefined;
  async function storeSearchRows(): Promise<void> {
    const pending = storeLastSearchRows;
    storeLastSearchRows = undefined;
    await pending?.();
  }

  /** Adds the batch's terms not met before in this file, and learns their ids. */
  async function ensureTerms<T extends PreparedTerm>(table: 'sections' | 'authors', terms: T[]): Promise<void> {
    const ids = termIds[table];
    const fresh = new Map<string, T>();
    for (const t of terms) if (!ids.has(t.slug) && !fresh.has(t.slug)) fresh.set(t.slug, t);
    if (fresh.size) for (const [slug, id] of await store.ensureTerms(table, [...fresh.values()], at)) ids.set(slug, id);
  }

  /**
   * Points each article's topics at the topics they attached to (an existing one by name,
   * slug or alias, or a new one, proposed when only topic suggestion named it), once each.
   */
  async function resolveTopics(batch: PreparedArticle[]): Promise<void> {
    for (const [slug, topic] of await attachTopics(batch.flatMap((p) => p.topics).filter((t) => !topicOf.has(t.slug)))) {
      topicOf.set(slug, topic);
      termIds.topics.set(topic.slug, topic.id);
    }
    for (const p of batch) {
      const seen = new Set<string>();
      // The source's own topics come first, so a suggestion naming the same topic again is dropped.
      p.topics = p.topics.map((t) => ({ ...t, slug: topicOf.get(t.slug)!.slug })).filter((t) => !seen.has(t.slug) && seen.add(t.slug));
    }
  }

  async function write(batch: PreparedArticle[]): Promise<WrittenArticle[]> {
    // Started first, so that another connection computes them while this one writes the batch.
    const published = searchable(batch);
    const documents = searchRows && searchDocumentsOf(published, searchRows.documents);
    // Awaited when they are stored; a failure before then must not go unhandled meanwhile.
    documents?.catch(() => {});
    await storeSearchRows();
    await ensureTerms('sections', batch.map((p) => p.section));
    await ensureTerms('authors', batch.flatMap((p) => p.authors));
    await resolveTopics(batch);
    const lookUp = !(await alone?.());
    const existing = lookUp ? await store.existingByKey(batch.map((p) => p.key)) : new Map<string, ExistingArticle>();

    // An article keeps the URL month it was first published in; a clash of URLs is named before anything is written.
    const mine = new Map<string, PreparedArticle>();
    for (const p of batch) {
      const old = existing.get(p.key);
      if (old?.first_published_at) p.month = old.url_month;
      // A live URL never silently turns into a draft: the workflow's rule, applied to re-imports.
      if (old?.status === 'published' && p.status !== 'published' && !canTransition('published', p.status)) p.status = 'unpublished';
      const url = `${termIds.sections.get(p.section.slug)}|${p.month}|${p.slug}`;
      const clash = urls.get(url);
      if (clash) fail(name, p.where, `its URL ${articlePath(p.section.slug, p.month, p.slug)} is already taken by the article at ${clash} in the same file`);
      urls.set(url, p.where);
      mine.set(url, p);
    }
    const sectionSlugById = new Map([...termIds.sections].map(([slug, id]) => [id, slug]));
    const others = lookUp ? await store.atUrls(batch.map((p) => ({ section_id: termIds.sections.get(p.section.slug)!, url_month: p.month, slug: p.slug }))) : [];
    for (const other of others) {
      const p = mine.get(`${other.section_id}|${other.url_month}|${other.slug}`);
      if (p && other.import_key !== p.key) {
        fail(name, p.where, `the slug "${other.slug}" is already used by another article at ${articlePath(sectionSlugById.get(other.section_id) ?? '', other.url_month, other.slug)}`);
      }
    }

    const rows: ArticleRowInput[] = batch.map((p) => ({
      section_id: termIds.sections.get(p.section.slug)!,
      slug: p.slug,
      url_month: p.month,
      headline: p.headline,
      standfirst: p.standfirst,
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
      partner_slot_after: p.partnerSlotAfter,
      seo_title: p.seoTitle,
      seo_description: p.seoDescription,
      image_url: p.imageUrl,
      image_media_id: p.imageMediaId,
      image_alt: p.imageAlt,
      image_caption: p.imageCaption,
      access: p.access,
      version: 1,
      import_key: p.key,
    }));
    const saved = new Map((await store.upsertArticles(rows)).map((r) => [r.import_key, r]));

    const ids = batch.map((p) => saved.get(p.key)!.id);
    await store.replaceAuthors(
      ids.filter((_, i) => existing.has(batch[i]!.key)),
      batch.flatMap((p, i) => p.authors.map((a, position) => ({ article_id: ids[i]!, author_id: termIds.authors.get(a.slug)!, position, published_at: listedAt(p) }))),
    );
    // Topics an editor may already have reviewed are kept when the source names none of its own.
    const topicOwners = batch.map((p, i) => ({ p, id: ids[i]!, old: existing.get(p.key) })).filter(({ p, old }) => !(old && old.has_topics > 0 && !p.namesTopics));
    await store.replaceTopics(
      topicOwners.filter(({ old }) => old).map(({ id }) => id),
      topicOwners.flatMap(({ p, id }) => p.topics.map((t, position) => ({ article_id: id, topic_id: termIds.topics.get(t.slug)!, position, suggested: t.suggested ? 1 : 0, published_at: listedAt(p) }))),
    );
    await store.addRevisions(
      batch.flatMap((p, i) =>
        p.status === 'published' ? [{ article_id: ids[i]!, version: saved.get(p.key)!.version, created_at: at, terms: () => snapshotTerms(p), snapshot: () => snapshot(p) }] : [],
      ),
    );
    if (documents) {
      storeLastSearchRows = async () => {
        const made = await documents;
        // Updated articles were indexed again by the update trigger (migration 004); the new ones wait for theirs.
        await searchRows!.store(published.flatMap((p, i) => (existing.has(p.key) ? [] : [{ article_id: saved.get(p.key)!.id, document: made[i]! }])));
      };
    }
    await store.addRedirects(
      batch.flatMap((p, i) => {
        const old = existing.get(p.key);
        if (!old?.first_published_at) return [];
        const before = articlePath(old.section_slug, old.url_month, old.slug);
        return before === articlePath(p.section.slug, p.month, p.slug) ? [] : [{ from_path: before, article_id: ids[i]!, created_at: at }];
      }),
    );

    return batch.map((p, i) => ({ id: ids[i]!, path: articlePath(p.section.slug, p.month, p.slug), headline: p.headline, status: existing.has(p.key) ? 'updated' : 'created', access: p.access }));
  }

  return { write, finish: storeSearchRows };
}

/** The date topic and author lists sort by: set only while published (migration 008 keeps it so afterwards). */
const listedAt = (p: PreparedArticle) => (p.status === 'published' ? p.publishedAt : null);

/**
 * The revision snapshot, field for field the one the article service writes (`snapshot` in
 * content/articles.ts: an article's input, its status and dates); the body's JSON is reused rather
 * than serialised twice. PostgreSQL builds the same from the article's row and `snapshotTerms`
 * (import-store.ts).
 */
function snapshot(p: PreparedArticle): string {
  return `{"headline":${JSON.stringify(p.headline)},"standfirst":${JSON.stringify(p.standfirst)},"slug":${JSON.stringify(p.slug)},${snapshotTerms(p)},"body":${p.body},"printIssue":null,"sponsor":null,"partnerSlotAfter":${p.partnerSlotAfter},"seoTitle":${JSON.stringify(p.seoTitle)},"seoDescription":${JSON.stringify(p.seoDescription)},"imageUrl":${JSON.stringify(p.imageUrl)},"imageMediaId":${p.imageMediaId},"imageAlt":${JSON.stringify(p.imageAlt)},"imageCaption":${JSON.stringify(p.imageCaption)},"imageCredit":null,"imageFocalX":null,"imageFocalY":null,"access":${JSON.stringify(p.access)},"status":"published","publishedAt":${JSON.stringify(p.publishedAt)},"updatedAt":${JSON.stringify(p.updatedAt)}}`;
}

/** The snapshot's section, authors and topics: what the article's row does not hold. */
function snapshotTerms(p: PreparedArticle): string {
  const topics = (suggested: boolean) => JSON.stringify(p.topics.filter((t) => t.suggested === suggested).map((t) => t.slug));
  return `"section":${JSON.stringify(p.section.slug)},"authors":${JSON.stringify(p.authors.map((a) => a.slug))},"topics":${topics(false)},"suggestedTopics":${topics(true)}`;
}
