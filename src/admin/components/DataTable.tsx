import type { Child, FC } from 'hono/jsx';

export interface Column {
  key: string;
  label: string;
  sortable?: boolean;
  /** Right-aligned, for figures. */
  numeric?: boolean;
  /** Hidden on a phone, where only the columns that identify a row fit. */
  wide?: boolean;
}

export type SortDir = 'asc' | 'desc';

/**
 * A table of rows with sortable headers as plain links, so sorting works without script
 * and the URL says what is shown. On a phone the table scrolls inside its own frame.
 */
export const DataTable: FC<{
  caption: string;
  columns: Column[];
  sort?: { key: string; dir: SortDir };
  sortHref?: (key: string, dir: SortDir) => string;
  children?: Child;
}> = ({ caption, columns, sort, sortHref, children }) => (
  <div class="table-frame">
    <table class="data-table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((col) => {
            const current = sort?.key === col.key ? sort.dir : undefined;
            const cls = [col.numeric && 'num', col.wide && 'wide'].filter(Boolean).join(' ') || undefined;
            if (!col.sortable || !sortHref) {
              return (
                <th scope="col" class={cls}>
                  {col.label}
                </th>
              );
            }
            const next: SortDir = current === 'desc' ? 'asc' : current === 'asc' ? 'desc' : col.numeric ? 'desc' : 'asc';
            return (
              <th scope="col" class={cls} aria-sort={current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : undefined}>
                <a href={sortHref(col.key, next)} class="sort-link">
                  {col.label}
                  <span class="sort-mark" aria-hidden="true">
                    {current === 'asc' ? '▲' : current === 'desc' ? '▼' : '↕'}
                  </span>
                  <span class="visually-hidden">{`, sort ${next === 'asc' ? 'ascending' : 'descending'}`}</span>
                </a>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);

/** Previous and next pages as links; `total` adds "page 3 of 40" when counting is cheap. */
export const Pager: FC<{ page: number; hasNext: boolean; href: (page: number) => string; total?: number; label?: string }> = ({ page, hasNext, href, total, label = 'Pages' }) => {
  if (page <= 1 && !hasNext) return null;
  return (
    <nav class="pager" aria-label={label}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev" class="btn btn-secondary">
          ← Previous
        </a>
      ) : (
        <span />
      )}
      <span class="pager-place">{total !== undefined ? `Page ${page} of ${Math.max(1, total)}` : `Page ${page}`}</span>
      {hasNext ? (
        <a href={href(page + 1)} rel="next" class="btn btn-secondary">
          Next →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
};
