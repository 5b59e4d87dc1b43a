import type { Kysely } from 'kysely';
import { authorize } from '../accounts/policy.js';
import type { ArticleSummary } from '../content/article-store.js';
import type { Actor } from '../content/article-policy.js';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import type { Section, TaxonomyService } from '../content/taxonomy.js';
import type { DB } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { reusedStatement } from '../db/reused-statements.js';
import { frontPlacesQuery, NEWEST_PLACES, railPlaces, type FrontPlaces } from './front-store.js';
import { pinStore } from './pin-store.js';
import { fillSlots, frontEventId, frontKey, TOP_SLOTS, type FrontSection } from './slots.js';

export interface FrontServiceOptions {
  events: ContentEvents;
  articles: Pick<ArticleService, 'publishedSummaries' | 'publishedInPlaceQuery' | 'inPlace' | 'listPublished' | 'list'>;
  taxonomy: Pick<TaxonomyService, 'listSections' | 'findSection'>;
  clock?: () => Date;
}

/** One of the top slots as readers see it, and whether an editor put it there. */
export interface CuratedSlot {
  /** 1 is the lead. */
  position: number;
  article: ArticleSummary;
  /** The pin that holds it there, if any: `slot` is what the move and unpin forms name. */
  pin?: { slot: number; expiresAt: string | null };
}

/** A pin that shows nothing now: its article was unpublished, moved or became partner content. */
export interface IdlePin {
  slot: number;
  articleId: number;
  /** Undefined when the article is gone. */
  headline?: string;
  expiresAt: string | null;
  reason: string;
}

export interface PinRequest {
  articleId: number;
  slot: number;
  /** UTC ISO, or null for a pin that stays until unpinned. */
  expiresAt: string | null;
}

/** What a front may show: the home page leaves partner content to its own slot; a section front shows its own articles. */
function belongs(section: FrontSection, article: ArticleSummary): string | undefined {
  if (article.status !== 'published') return 'is not published';
  if (section === null) return article.sponsor === null ? undefined : 'is partner content, which the home page does not lead with';
  return article.section.id === section ? undefined : 'is in another section';
}

const invalid = (path: string, message: string) => new ValidationError('The pin was not saved', [{ path, message }]);

/**
 * Front curation: editors pin articles into the top slots of the home page and of each section
 * front, each pin until unpinned or until its expiry. Readers' fronts put the pins showing now
 * in their slots and fill the rest newest first, without repeating a pinned article.
 */
export function frontService(db: Kysely<DB>, { events, articles, taxonomy, clock = () => new Date() }: FrontServiceOptions) {
  const store = pinStore(db);
  const announce = (section: FrontSection) => events.emit({ entity: 'front', id: frontEventId(section) });

  /** The pins showing now, with their articles: one small query, and the teasers only when something is pinned. */
  async function showing(section: FrontSection): Promise<Array<{ slot: number; item: ArticleSummary }>> {
    const pins = await store.active(frontKey(section), clock().toISOString());
    if (!pins.length) return [];
    const found = new Map((await articles.publishedSummaries(pins.map((p) => p.articleId))).map((a) => [a.id, a]));
    return pins.flatMap((p) => {
      const article = found.get(p.articleId);
      return article && !belongs(section, article) ? [{ slot: p.slot, item: article }] : [];
    });
  }

  /** The articles newest first that fill a front's other slots. */
  const newest = (section: Section | null, limit: number, offset: number, excludeIds: number[]) =>
    articles.listPublished(section ? { sectionSlug: section.slug, limit, offset, excludeIds } : { sponsored: false, limit, offset, excludeIds });

  // Built and compiled once per front: the home page's is a statement of eight arms.
  const frontStatement = reusedStatement((shape: Omit<FrontPlaces, 'at'>, { at }: { at: string }) => articles.publishedInPlaceQuery(frontPlacesQuery(db, { ...shape, at })));

  /**
   * A front as readers see it now, in one round trip: its first `top` slots (1 the lead) with the
   * pins showing in theirs, and for each section of `rails` its newest `railSize` articles that
   * the top slots do not show. The home page leaves out partner content; a section front shows its own.
   */
  async function frontNow(section: Section | null, top: number, rails: number[] = [], railSize = 0) {
    const shape = { key: frontKey(section?.id ?? null), sectionId: section?.id ?? null, partnerContent: section !== null, top, rails, railSize };
    const placed = await articles.inPlace(frontStatement(shape, { at: clock().toISOString() }));
    const pins = placed.flatMap(({ place, article }) => (place < NEWEST_PLACES && !belongs(section?.id ?? null, article) ? [{ slot: place, item: article }] : []));
    const newest = placed.flatMap(({ place, article }) => (place > NEWEST_PLACES && place < railPlaces(0) ? [article] : []));
    const onTop = fillSlots(pins, newest).slice(0, top);
    const shown = new Set(onTop.map((a) => a.id));
    // Newer than anything in the rails' places: the newest the pins pushed out of the top slots.
    const pushedOut = newest.filter((a) => !shown.has(a.id));
    const railArticles = rails.map((sectionId, i) => [
      ...pushedOut.filter((a) => a.section.id === sectionId),
      ...placed.flatMap(({ place, article }) => (place > railPlaces(i) && place < railPlaces(i + 1) ? [article] : [])),
    ].slice(0, railSize));
    return { articles: onTop, pins, rails: railArticles };
  }

  /** The top slots of a front, 1 the lead, as readers see them now. */
  const topSlots = (section: Section | null) => frontNow(section, TOP_SLOTS);

  async function sectionOf(front: FrontSection): Promise<Section | null> {
    if (front === null) return null;
    const section = (await taxonomy.listSections()).find((s) => s.id === front);
    if (!section) throw new NotFoundError('No such section front');
    return section;
  }

  return {
    /**
     * The home page: its top slots (the first is the lead), then a rail per section of its
     * `railSize` newest articles (partner content aside) that the top slots do not show.
     */
    async home(sections: Section[], railSize: number): Promise<{ top: ArticleSummary[]; rails: Array<{ section: Section; articles: ArticleSummary[] }> }> {
      const front = await frontNow(null, TOP_SLOTS, sections.map((s) => s.id), railSize);
      return { top: front.articles, rails: sections.map((section, i) => ({ section, articles: front.rails[i]! })) };
    },

    /**
     * One page of a section front: on the first, the pins in their slots among the newest; later
     * pages continue the newest-first list after what the first page showed.
     */
    async sectionPage(section: Section, page: number, size: number): Promise<{ items: ArticleSummary[]; hasNext: boolean; empty: boolean }> {
      const page1 = async () => (await frontNow(section, size + 1)).articles;
      // Later pages continue after the first page's pins.
      const later = async () => {
        const pins = await showing(section.id);
        return newest(section, size + 1, (page - 1) * size - pins.length, pins.map((p) => p.item.id));
      };
      // One more than the page: whether there is a next, and for page 1 in the same round trip as its pins.
      const rows = page === 1 ? await page1() : await later();
      return { items: rows.slice(0, size), hasNext: rows.length > size, empty: rows.length === 0 };
    },

    /** The fronts an editor curates: the home page, then each section. */
    async fronts(actor: Actor): Promise<Array<{ section: Section | null; name: string }>> {
      authorize(actor, 'fronts.manage');
      const sections = await taxonomy.listSections();
      return [{ section: null, name: 'Home page' }, ...sections.map((s) => ({ section: s, name: s.name }))];
    },

    /** A section front by its slug, for the newsroom's URLs. */
    async findSection(actor: Actor, slug: string): Promise<Section> {
      authorize(actor, 'fronts.manage');
      const section = await taxonomy.findSection(slug);
      if (!section) throw new NotFoundError(`No section "${slug}"`);
      return section;
    },

    /** A front's top slots as readers see them, which are pinned, and the pins that show nothing now. */
    async curation(actor: Actor, section: Section | null): Promise<{ slots: CuratedSlot[]; idle: IdlePin[] }> {
      authorize(actor, 'fronts.manage');
      const front = section?.id ?? null;
      const [top, stored] = await Promise.all([topSlots(section), store.all(frontKey(front))]);
      const pinOf = new Map(top.pins.map((p) => [p.item.id, p.slot]));
      const storedBySlot = new Map(stored.map((p) => [p.slot, p]));
      const slots = top.articles.map((article, i): CuratedSlot => {
        const slot = pinOf.get(article.id);
        return { position: i + 1, article, ...(slot === undefined ? {} : { pin: { slot, expiresAt: storedBySlot.get(slot)?.expiresAt ?? null } }) };
      });
      const shown = new Set(top.pins.map((p) => p.slot));
      const now = clock().toISOString();
      const idleStored = stored.filter((p) => !shown.has(p.slot));
      const ids = idleStored.map((p) => p.articleId);
      const found = new Map((ids.length ? await articles.list({ ids, limit: ids.length }) : []).map((a) => [a.id, a]));
      const idle = idleStored.map((p): IdlePin => {
        const article = found.get(p.articleId);
        const reason = p.expiresAt !== null && p.expiresAt <= now ? 'its time is up' : article ? `it ${belongs(front, article) ?? 'is below the top slots'}` : 'the article is gone';
        return { slot: p.slot, articleId: p.articleId, headline: article?.headline, expiresAt: p.expiresAt, reason };
      });
      return { slots, idle };
    },

    /** Published articles an editor may pin to this front, newest first, optionally by headline. */
    async candidates(actor: Actor, section: Section | null, headline: string, limit = 20): Promise<ArticleSummary[]> {
      authorize(actor, 'fronts.manage');
      const headlineContains = headline.trim().slice(0, 200) || undefined;
      return articles.listPublished(section ? { sectionSlug: section.slug, headlineContains, limit } : { sponsored: false, headlineContains, limit });
    },

    /** Pins an article into a slot, replacing that slot's pin; the article leaves any other slot of this front. */
    async pin(actor: Actor, section: FrontSection, request: PinRequest): Promise<void> {
      authorize(actor, 'fronts.manage');
      await sectionOf(section);
      if (!Number.isInteger(request.slot) || request.slot < 1 || request.slot > TOP_SLOTS) throw invalid('slot', `must be a slot from 1 to ${TOP_SLOTS}`);
      const now = clock().toISOString();
      if (request.expiresAt !== null && request.expiresAt <= now) throw invalid('expires', 'must be in the future');
      const [article] = await articles.publishedSummaries(Number.isInteger(request.articleId) ? [request.articleId] : []);
      if (!article) throw invalid('article', 'must be a published article');
      const refusal = belongs(section, article);
      if (refusal) throw invalid('article', `"${article.headline}" ${refusal}`);
      await store.pin(frontKey(section), { ...request, pinnedBy: actor.id, pinnedAt: now });
      announce(section);
    },

    /** Moves the pin in `slot` one place up (towards the lead) or down, swapping with a pin there. */
    async move(actor: Actor, section: FrontSection, slot: number, direction: 'up' | 'down'): Promise<void> {
      authorize(actor, 'fronts.manage');
      const to = direction === 'up' ? slot - 1 : slot + 1;
      if (to < 1 || to > TOP_SLOTS) throw invalid('slot', direction === 'up' ? 'is already the lead' : `is already the last of the ${TOP_SLOTS} slots`);
      if (!(await store.move(frontKey(section), slot, to))) throw new NotFoundError(`Nothing is pinned in slot ${slot}`);
      announce(section);
    },

    async unpin(actor: Actor, section: FrontSection, slot: number): Promise<void> {
      authorize(actor, 'fronts.manage');
      if (!(await store.remove(frontKey(section), slot))) throw new NotFoundError(`Nothing is pinned in slot ${slot}`);
      announce(section);
    },

    /**
     * Removes the pins whose time is up and announces their fronts, so cached pages drop them (in
     * every process, through the change feed). Run by the `expire-front-pins` job; returns how
     * many fronts changed.
     */
    async expireDue(at: Date = clock()): Promise<number> {
      const fronts = await store.deleteExpired(at.toISOString());
      for (const front of fronts) announce(front === 'home' ? null : Number(front.slice('section:'.length)));
      return fronts.length;
    },
  };
}

export type FrontService = ReturnType<typeof frontService>;
