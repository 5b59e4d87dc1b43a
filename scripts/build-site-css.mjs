// Bundles the reader site's stylesheet parts (src/reader-ui/styles/site.css and what it
// imports) into the one minified file every reader page loads: public/static/site.css.
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
