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
export function articleListService(database: Database) {
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
      // The last page holds what is left over after whole pages, so that going back from it meets the pages counted from the start.
      const counted = 'last' in stretch ? await store.count(filter, LIST_COUNT_CAP + 1) : undefined;
      const size = counted !== undefined && counted <= LIST_COUNT_CAP ? counted % limit || limit : limit;
      const { rows, more } = await store.page({ ...filter, sort, dir, stretch, limit: size });
      const atStart = Object.keys(stretch).length === 0;
      const hasPrevious = 'after' in stretch ? true : atStart ? false : more;
      const hasNext = 'before' in stretch ? true : 'last' in stretch ? false : more;
      // A list that fits on this one page is counted already.
      const whole = !hasPrevious && !hasNext;
      const total = counted ?? (whole ? rows.length : await store.count(filter, LIST_COUNT_CAP + 1));
      return {
        articles: await articles.summaries(rows.map((r) => r.id)),
        sort,
        dir,
        previous: hasPrevious && rows.length ? cursorOf(rows[0]!) : undefined,
        next: hasNext && rows.length ? cursorOf(rows.at(-1)!) : undefined,
        total: Math.min(total, LIST_COUNT_CAP),
        countCapped: total > LIST_COUNT_CAP,
      };
    },
  };
}

export type ArticleListService = ReturnType<typeof articleListService>;
