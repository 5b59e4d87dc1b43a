import type { FC } from 'hono/jsx';
import { AdminLayout } from '../../admin/components/AdminLayout.js';
import { LinkButton } from '../../admin/components/Button.js';
import { DataTable } from '../../admin/components/DataTable.js';
import { formatMoney } from '../money.js';
import type { RevenueMonth } from './revenue.js';

const WIDTH = 600;
const HEIGHT = 200;
const GAP = 6;

const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });

interface Series {
  label: string;
  values: number[];
  /** Bar colour class in newsroom-members.css. */
  tone: 'a' | 'b';
}

/**
 * A bar chart drawn on the server: an SVG with a title and description for assistive technology,
 * which then skips the drawing (aria-hidden bars) for the table of the same figures below it.
 */
const BarChart: FC<{ id: string; title: string; desc: string; months: string[]; series: Series[]; format: (n: number) => string }> = ({ id, title, desc, months, series, format }) => {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = WIDTH / months.length;
  const bar = (slot - GAP) / series.length;
  return (
    <figure class="revenue-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 24}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} class="revenue-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        <line x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} class="revenue-axis" />
        {months.map((month, i) => (
          <g>
            {series.map((s, j) => {
              const h = Math.round((s.values[i]! / max) * (HEIGHT - 16));
              return <rect x={(i * slot + GAP / 2 + j * bar).toFixed(1)} y={HEIGHT - h} width={bar.toFixed(1)} height={h} class={`revenue-bar revenue-bar-${s.tone}`} />;
            })}
            <text x={(i * slot + slot / 2).toFixed(1)} y={HEIGHT + 16} class="revenue-label">
              {monthName(month).split(' ')[0]}
            </text>
          </g>
        ))}
        <text x="4" y="12" class="revenue-label revenue-max">
          {format(max)}
        </text>
      </svg>
      {series.length > 1 && (
        <figcaption class="revenue-legend">
          {series.map((s) => (
            <span class={`revenue-key revenue-key-${s.tone}`}>{s.label}</span>
          ))}
        </figcaption>
      )}
      {/* Folded: the chart says it at a glance; the exact figures are one click away, not a screen of tables. */}
      <details class="revenue-figures">
        <summary>{`${title}: the figures month by month`}</summary>
        <DataTable caption={title} columns={[{ key: 'month', label: 'Month' }, ...series.map((s) => ({ key: s.label, label: s.label, numeric: true }))]}>
          {months.map((month, i) => (
            <tr>
              <td>{monthName(month)}</td>
              {series.map((s) => (
                <td class="num">{format(s.values[i]!)}</td>
              ))}
            </tr>
          ))}
        </DataTable>
      </details>
    </figure>
  );
};

/** /admin/members/revenue: members, MRR, joins and churn, and donations over the last twelve months. */
export const RevenuePage: FC<{ currency: string; months: RevenueMonth[] }> = ({ currency, months }) => {
  const labels = months.map((m) => m.month);
  const count = (n: number) => new Intl.NumberFormat('en-GB').format(n);
  const money = (n: number) => formatMoney(n, currency);
  const last = months[months.length - 1]!;
  return (
    <AdminLayout title="Revenue" width="wide" styles={['/static/newsroom-members.css']} actions={<LinkButton href="/admin/members">All members</LinkButton>}>
      <p class="revenue-now">
        {count(last.members)} paying {last.members === 1 ? 'member' : 'members'} now, {money(last.mrr)} a month in recurring revenue ({currency}). Figures are at each month's end; annual plans count as a twelfth a month.
      </p>
      <section class="panel" aria-labelledby="chart-members-h">
        <h2 id="chart-members-h">Members</h2>
        <BarChart id="chart-members" title="Paying members at each month's end" desc={`Members over the last twelve months, from ${count(months[0]!.members)} to ${count(last.members)}.`} months={labels} series={[{ label: 'Members', values: months.map((m) => m.members), tone: 'a' }]} format={count} />
      </section>
      <section class="panel" aria-labelledby="chart-mrr-h">
        <h2 id="chart-mrr-h">Monthly recurring revenue</h2>
        <BarChart id="chart-mrr" title={`Monthly recurring revenue in ${currency}`} desc={`MRR over the last twelve months, from ${money(months[0]!.mrr)} to ${money(last.mrr)}.`} months={labels} series={[{ label: 'MRR', values: months.map((m) => m.mrr), tone: 'a' }]} format={money} />
      </section>
      <section class="panel" aria-labelledby="chart-churn-h">
        <h2 id="chart-churn-h">New and churned members</h2>
        <BarChart
          id="chart-churn"
          title="New and churned members per month"
          desc={`${count(months.reduce((s, m) => s + m.joined, 0))} joined and ${count(months.reduce((s, m) => s + m.churned, 0))} left over the last twelve months.`}
          months={labels}
          series={[
            { label: 'New', values: months.map((m) => m.joined), tone: 'a' },
            { label: 'Churned', values: months.map((m) => m.churned), tone: 'b' },
          ]}
          format={count}
        />
      </section>
      <section class="panel" aria-labelledby="chart-donations-h">
        <h2 id="chart-donations-h">Donations</h2>
        <BarChart id="chart-donations" title={`Donations received per month in ${currency}, less refunds`} desc={`${money(months.reduce((s, m) => s + m.donations, 0))} in donations over the last twelve months.`} months={labels} series={[{ label: 'Donations', values: months.map((m) => m.donations), tone: 'b' }]} format={money} />
      </section>
    </AdminLayout>
  );
};
