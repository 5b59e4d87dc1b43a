// Bundles the newsroom's islands for the browser (the server never loads them), each its own file
// in public/static/admin/ named after its entry: editor.js, pickers.js, writing-panel.js, analytics-chart.js
// (and analytics.css, the analytics pages' stylesheet with uPlot's).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/admin/client/editor.ts', 'src/admin/client/pickers.ts', 'src/admin/client/writing-panel.ts', 'src/admin/client/analytics-chart.ts', 'src/admin/analytics/analytics.css'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  outdir: 'public/static/admin',
  entryNames: '[name]',
  logLevel: 'warning',
});
