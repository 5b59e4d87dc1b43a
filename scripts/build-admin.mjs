// Bundles the newsroom editor island for the browser (the server never loads it).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/admin/client/editor.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  outfile: 'public/static/admin/editor.js',
  logLevel: 'warning',
});
