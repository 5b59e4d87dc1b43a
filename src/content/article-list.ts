import type { Database } from '../db/connection.js';
import { ValidationError } from '../errors.js';
import { viewableScope, type Actor } from './article-policy.js';
import { articleListStore, type ListDir, type ListKey, type ListSort, type ListStretch, type NewsroomListFilter } from './article-list-store.js';
import { articleStore, type ArticleSummary } from './article-store.js';

export type { ListDir, ListSort } from './article-list-store.js';

export const listSorts: readonly ListSort[] = ['updated', 'published', 'headline'];
/** Dates newest first, headlines A to Z, unless the link asks otherwise. */
export const defaultDir: Record<ListSort, ListDir> = { updated: 'desc', published: 'desc', headline: 'asc' };

export const LIST_PAGE_SIZE = 50;
/** Counting stops here: past it the list says "more than 10,000", and a count never walks the whole archive. */
export const LIST_COUNT_CAP = 10_000;
/**
 * A headline search counts no further than this ("more than 1,000", as reader search says): finding a thousand
 * matches of a word in one headline in a hundred means walking a hundred thousand list entries.
 */
export const SEARCH_COUNT_CAP = 1_000;
/**
 * Up to this many headlines holding the searched text (by the trigram index), a search reads every match through the
 * index and sorts them; above it the text is common enough that walking the list in order meets a page of matches soon.
 */
export const FEW_MATCHES = 3_000;

export interface NewsroomListRequest extends Omit<NewsroomListFilter, 'viewableBy'> {
  sort?: ListSort;
  dir?: ListDir;
  /** A page link's place in the list (`cursorOf`): the rows after it, or before it. */
  after?: string;
  before?: string;
  /** The list's last page. */
  last?: boolean;
  pageSize?: number;
}

export interface NewsroomListPage {
  articles: ArticleSummary[];
  sort: ListSort;
  dir: ListDir;
  /** Cursors for the pages either side, when there are rows there. */
  previous?: string;
  next?: string;
  /** Matching articles, counted up to LIST_COUNT_CAP; `countCapped` when there are more. */
  total: number;
  countCapped: boolean;
}

/** A row's place in the list as a short opaque token for page links. */
export const cursorOf = (key: ListKey) => Buffer.from(JSON.stringify([key.value, key.id])).toString('base64url');

function readCursor(name: string, token: string): ListKey {
  try {
    const [value, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof value === 'string' && Number.isSafeInteger(id) && (id as number) > 0) return { value, id: id as number };
  } catch {
    // Falls through to the error below: a mangled link is the person's to fix, not a server fault.
  }
  throw new ValidationError('This page link is damaged', [{ path: name, message: 'is not a place in the article list; open the list again from its first page' }]);
}

/**
 * The newsroom's article list at archive scale: filters, three orders, pages by keyset so
 * that the last page costs what the first does, and a capped count. Shows only what the
 * user may see (article-policy's viewableScope: contributors their own, writers also the published).
 */
export function articleListService(database: Database, { fewMatches = FEW_MATCHES }: { fewMatches?: number } = {}) {
  const store = articleListStore(database);
  const articles = articleStore(database.db);

  return {
    async page(user: Actor, request: NewsroomListRequest): Promise<NewsroomListPage> {
      const sort = request.sort ?? 'updated';
      const dir = request.dir ?? defaultDir[sort];
      const limit = request.pageSize ?? LIST_PAGE_SIZE;
      const filter: NewsroomListFilter = {
        status: request.status,
        sectionSlug: request.sectionSlug,
        authorSlug: request.authorSlug,
        headlineContains: request.headlineContains,
        viewableBy: viewableScope(user),
      };
      const stretch: ListStretch = request.after
        ? { after: readCursor('after', request.after) }
        : request.before
          ? { before: readCursor('before', request.before) }
          : request.last
            ? { last: true }
            : {};
      const search = filter.headlineContains;
      const indexed = search === undefined ? undefined : await store.headlineMatches(search, fewMatches + 1);
      const rare = indexed !== undefined && indexed <= fewMatches;
      // A rare search is counted whole as it is read.
      const cap = rare ? fewMatches : search ? SEARCH_COUNT_CAP : LIST_COUNT_CAP;
      const { rows, more, total } = rare ? await fewMatchesPage(filter, sort, dir, stretch, limit) : await walkedPage(filter, sort, dir, stretch, limit, cap);
      const atStart = Object.keys(stretch).length === 0;
      const hasPrevious = 'after' in stretch ? true : atStart ? false : more;
      const hasNext = 'before' in stretch ? true : 'last' in stretch ? false : more;
      return {
        articles: await articles.summaries(rows.map((r) => r.id)),
        sort,
        dir,
        previous: hasPrevious && rows.length ? cursorOf(rows[0]!) : undefined,
        next: hasNext && rows.length ? cursorOf(rows.at(-1)!) : undefined,
        total: Math.min(total, cap),
        countCapped: total > cap,
      };
    },
  };

  /** The last page holds what is left over after whole pages, so that going back from it meets the pages counted from the start. */
  function lastPageSize(total: number, limit: number, cap: number) {
    return total <= cap ? total % limit || limit : limit;
  }

  /** A rare headline search: its matches read once, counted and paged together. */
  async function fewMatchesPage(filter: NewsroomListFilter, sort: ListSort, dir: ListDir, stretch: ListStretch, limit: number) {
    const matches = await store.fewMatches({ ...filter, sort, dir, stretch }, limit);
    const size = 'last' in stretch ? lastPageSize(matches.total, limit, fewMatches) : limit;
    return { ...matches.rows(size), total: matches.total };
  }

  /** Any other list: a walk of a list index in order for the page, and a count up to `cap` only when the page cannot tell. */
  async function walkedPage(filter: NewsroomListFilter, sort: ListSort, dir: ListDir, stretch: ListStretch, limit: number, cap: number) {
    const counted = 'last' in stretch ? await countOf(filter, cap) : undefined;
    const size = counted !== undefined ? lastPageSize(counted, limit, cap) : limit;
    const { rows, more } = await store.page({ ...filter, sort, dir, stretch, limit: size });
    // A list that fits on this one page is counted already.
    const whole = Object.keys(stretch).length === 0 && !more;
    const total = counted ?? (whole ? rows.length : await countOf(filter, cap));
    return { rows, more, total };
  }

  /** How many match, up to just past `cap`. A search alone that the trigram index finds in more headlines than `cap` needs no walk. */
  async function countOf(filter: NewsroomListFilter, cap: number): Promise<number> {
    const searchOnly = filter.headlineContains !== undefined && !filter.status && !filter.sectionSlug && !filter.authorSlug && !filter.viewableBy;
    if (searchOnly) {
      const indexed = await store.headlineMatches(filter.headlineContains!, cap + 1);
      if (indexed !== undefined && indexed > cap) return indexed;
    }
    return store.count(filter, cap + 1);
  }
}

export type ArticleListService = ReturnType<typeof articleListService>;
