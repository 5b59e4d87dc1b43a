import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const styles = new URL('../src/reader-ui/styles/', import.meta.url);
const part = (name: string) => readFileSync(new URL(`${name}.css`, styles), 'utf8');

it('sets the furniture of navigation, fronts, search and newsletters in the self-hosted fonts, not system stacks', () => {
  for (const name of ['nav', 'fronts', 'search', 'newsletters']) {
    const css = part(name);
    expect(css, name).not.toMatch(/system-ui|Georgia|Times New Roman|Helvetica|Arial|[\s,]sans-serif|[\s,]serif[;,}]/);
    expect(css, name).toMatch(/var\(--sans\)/);
  }
});

it('keeps the reader stylesheet, bundled as scripts/build-site-css.mjs does, within 30 KB compressed', async () => {
  const out = await build({ entryPoints: [fileURLToPath(new URL('site.css', styles))], bundle: true, minify: true, write: false, external: ['/static/*'], logLevel: 'silent' });
  expect(gzipSync(out.outputFiles[0]!.contents, { level: 9 }).byteLength).toBeLessThanOrEqual(30 * 1024);
});
