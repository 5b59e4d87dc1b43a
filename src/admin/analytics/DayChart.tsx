import type { FC } from 'hono/jsx';
import type { DayFigures } from '../../analytics/analytics-reports.js';
import { DataTable } from '../components/DataTable.js';
import { count } from './format.js';

/** What the chart island (src/admin/client/analytics-chart.ts) reads from `data-chart`. */
export interface ChartData {
  days: string[];
  series: Array<{ label: string; values: number[] }>;
}

const dayName = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * Views and visitors per day: drawn by the uPlot island from the figures in a data- attribute
 * (the CSP allows no inline script), with the same figures in a table folded beneath it, which
 * is what works without script and what a screen reader reads (the drawing is hidden from it).
 */
export const DayChart: FC<{ id: string; title: string; days: DayFigures[]; csvHref: string }> = ({ id, title, days, csvHref }) => {
  const data: ChartData = {
    days: days.map((d) => d.day),
    series: [
      { label: 'Views', values: days.map((d) => d.views) },
      { label: 'Visitors', values: days.map((d) => d.visitors) },
    ],
  };
  return (
    <figure class="an-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="an-chart-title">
        {title}
      </figcaption>
      <div class="an-chart-canvas" id={id} data-chart={JSON.stringify(data)} aria-hidden="true" />
      <details class="an-figures">
        <summary>{`${title}: the figures day by day`}</summary>
        <DataTable
          caption={title}
          columns={[
            { key: 'day', label: 'Day' },
            { key: 'views', label: 'Views', numeric: true },
            { key: 'visitors', label: 'Visitors', numeric: true },
          ]}
        >
          {days.map((d) => (
            <tr>
              <td>
                <time datetime={d.day}>{dayName(d.day)}</time>
              </td>
              <td class="num">{count(d.views)}</td>
              <td class="num">{count(d.visitors)}</td>
            </tr>
          ))}
        </DataTable>
        <p>
          <a href={csvHref} download>
            Download these figures (CSV)
          </a>
        </p>
      </details>
    </figure>
  );
};
