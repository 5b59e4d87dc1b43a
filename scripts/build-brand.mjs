// Turns the one source drawing (assets/brand/mark.svg) into the icons browsers and phones ask
// for, and copies the self-hosted typefaces the reader stylesheet declares, into public/static/.
// Both folders are build output (gitignored); the names are the ones src/reader-ui/brand.ts links to.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
const source = 'assets/brand/mark.svg';
const brandDir = 'public/static/brand';
const fontDir = 'public/static/fonts';

/** Each PNG the pages and the web manifest name, by its pixel size. */
const icons = { 'icon-32.png': 32, 'icon-192.png': 192, 'icon-512.png': 512, 'apple-touch-icon.png': 180 };

/** Only the latin subsets the stylesheet declares: the variable serif (upright and italic) and sans. */
const fonts = {
  '@fontsource-variable/source-serif-4': ['source-serif-4-latin-wght-normal.woff2', 'source-serif-4-latin-wght-italic.woff2'],
  '@fontsource-variable/inter': ['inter-latin-wght-normal.woff2'],
};

await mkdir(brandDir, { recursive: true });
await mkdir(fontDir, { recursive: true });
await copyFile(source, join(brandDir, 'icon.svg'));
for (const [name, size] of Object.entries(icons)) {
  // Rasterised at the target size's density so small icons are drawn, not shrunk from a blur.
  await sharp(source, { density: Math.max(72, (72 * size) / 512) * 2 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(join(brandDir, name));
}
for (const [pkg, files] of Object.entries(fonts)) {
  const filesDir = join(dirname(require.resolve(`${pkg}/package.json`)), 'files');
  for (const file of files) await copyFile(join(filesDir, file), join(fontDir, file));
}
