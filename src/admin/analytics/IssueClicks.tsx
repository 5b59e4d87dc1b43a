import type { FC } from 'hono/jsx';
import { DataTable } from '../components/DataTable.js';
import { count } from './format.js';

/**
 * A sent issue's clicks per link, counted through the signed redirect its links go through
 * (crawlers left out). Opens are not tracked, and the panel says nothing about them.
 */
export const IssueClicks: FC<{ issueId: number; clicks: Array<{ url: string; clicks: number }>; items: Array<{ path: string; headline: string }> }> = ({ issueId, clicks, items }) => {
  const total = clicks.reduce((sum, l) => sum + l.clicks, 0);
  // An article link reads better as its headline than as its address.
  const headlineOf = (url: string) => {
    const path = URL.canParse(url) ? new URL(url).pathname : '';
    return items.find((i) => i.path === path)?.headline;
  };
  return (
    <section class="panel" aria-labelledby="nl-clicks-heading">
      <div class="panel-header">
        <h2 id="nl-clicks-heading">Clicks per link</h2>
        <a href={`/admin/analytics/newsletters/issues/${issueId}/clicks.csv`} download>
          CSV<span class="visually-hidden"> of clicks per link</span>
        </a>
      </div>
      {clicks.length === 0 ? (
        <p class="meta">No clicks yet.</p>
      ) : (
        <>
          <p>
            {count(total)} {total === 1 ? 'click' : 'clicks'} on {clicks.length === 1 ? 'one link' : `${count(clicks.length)} links`}.
          </p>
          <DataTable
            caption="Clicks per link"
            columns={[
              { key: 'link', label: 'Link' },
              { key: 'clicks', label: 'Clicks', numeric: true },
            ]}
          >
            {clicks.map((l) => (
              <tr>
                <td class="nl-click-link">
                  {headlineOf(l.url) && (
                    <>
                      {headlineOf(l.url)}
                      <br />
                    </>
                  )}
                  <span class="meta">{l.url}</span>
                </td>
                <td class="num">{count(l.clicks)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
};
