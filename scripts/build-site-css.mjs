// Bundles the reader site's stylesheet parts (src/reader-ui/styles/site.css and what it
// imports) into the one minified file every reader page loads: public/static/site.css,
// with brotli and gzip copies beside it that the server sends to browsers which accept them.
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/reader-ui/styles/site.css'],
  bundle: true,
  minify: true,
  outfile: 'public/static/site.css',
  // Fonts and images the rules name by their site path are served as they are, not bundled.
  external: ['/static/*'],
  logLevel: 'warning',
});

const css = readFileSync('public/static/site.css');
writeFileSync('public/static/site.css.br', brotliCompressSync(css, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
writeFileSync('public/static/site.css.gz', gzipSync(css, { level: 9 }));
