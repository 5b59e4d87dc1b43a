import type { FC } from 'hono/jsx';

export interface PageLinks {
  /** The first page's path; later pages add ?page=N. */
  base: string;
  page: number;
  hasNext: boolean;
  /** Link text; lists run newest first unless they say otherwise. */
  prevLabel?: string;
  nextLabel?: string;
}

export const pageHref = (base: string, page: number) => (page <= 1 ? base : `${base}?page=${page}`);

/** rel=prev/next in <head>, so crawlers walk a paginated list in order. */
export const PaginationHead: FC<PageLinks> = ({ base, page, hasNext }) => (
  <>
    {page > 1 && <link rel="prev" href={pageHref(base, page - 1)} />}
    {hasNext && <link rel="next" href={pageHref(base, page + 1)} />}
  </>
);

/** Newer/older links under a list; nothing when the list fits on one page. */
export const Pagination: FC<PageLinks> = ({ base, page, hasNext, prevLabel = 'Newer', nextLabel = 'Older' }) =>
  page > 1 || hasNext ? (
    <nav class="pagination" aria-label="Pages">
      {page > 1 && (
        <a rel="prev" href={pageHref(base, page - 1)}>
          {prevLabel}
        </a>
      )}
      <span class="page-number">Page {page}</span>
      {hasNext && (
        <a rel="next" href={pageHref(base, page + 1)}>
          {nextLabel}
        </a>
      )}
    </nav>
  ) : null;
