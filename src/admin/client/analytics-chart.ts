import uPlot from 'uplot';

/**
 * The analytics pages' chart island: each `[data-chart]` element (src/admin/analytics/DayChart.tsx)
 * becomes a uPlot line chart of its figures, as wide as its column and redrawn when that changes.
 * The figures table beside it stays the way to read them without script.
 */

interface ChartData {
  days: string[];
  series: Array<{ label: string; values: number[] }>;
}

const HEIGHT = 260;
/** Views and visitors: the newsroom's blue and its rust, both legible on white; visitors dashed, so a line on top of the other still shows both. */
const STROKES = ['#1f5f8b', '#b4541a'];
const DASHES = [undefined, [6, 4]];
const number = new Intl.NumberFormat('en-GB');
const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

function draw(host: HTMLElement): void {
  const data = JSON.parse(host.dataset.chart ?? '{"days":[],"series":[]}') as ChartData;
  if (!data.days.length) return;
  // Noon UTC of each day, so the axis never slips a day in any time zone's labels.
  const xs = data.days.map((day) => Date.parse(`${day}T12:00:00Z`) / 1000);
  const width = () => Math.max(280, host.clientWidth);
  const chart = new uPlot(
    {
      width: width(),
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max * 1.1)] } },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => dayLabel.format(new Date(t * 1000))) },
        { values: (_u, ticks) => ticks.map((t) => number.format(t)), size: 56 },
      ],
      series: [
        { label: 'Day', value: (_u, t) => (t == null ? '' : dayLabel.format(new Date(t * 1000))) },
        ...data.series.map((s, i) => ({ label: s.label, stroke: STROKES[i % STROKES.length], dash: DASHES[i % DASHES.length], width: 2, points: { show: data.days.length <= 45 }, value: (_u: uPlot, v: number | null) => (v == null ? '' : number.format(v)) })),
      ],
    },
    [xs, ...data.series.map((s) => s.values)],
    host,
  );
  new ResizeObserver(() => chart.setSize({ width: width(), height: HEIGHT })).observe(host);
}

for (const host of document.querySelectorAll<HTMLElement>('[data-chart]')) draw(host);
