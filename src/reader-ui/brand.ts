/**
 * The site's mark and colours as browsers and phones see them: the icons scripts/build-brand.mjs
 * draws from assets/brand/mark.svg, the theme colour of each colour scheme (the paper of
 * styles/polish.css), and the web manifest that names them.
 */
export const brandIcons = {
  svg: '/static/brand/icon.svg',
  png32: '/static/brand/icon-32.png',
  appleTouch: '/static/brand/apple-touch-icon.png',
} as const;

export const themeColours = { light: '#fffdf8', dark: '#161412' } as const;

/** The one face every page draws its text in, preloaded so the swap comes early. */
export const textFont = '/static/fonts/source-serif-4-latin-wght-normal.woff2';

/** The manifest's icons: the drawing is full bleed with the mark in the safe zone, so each PNG is also maskable. */
const manifestIcons = [192, 512].map((size) => ({
  src: `/static/brand/icon-${size}.png`,
  sizes: `${size}x${size}`,
  type: 'image/png',
  purpose: 'any maskable',
}));

/**
 * The web manifest (https://www.w3.org/TR/appmanifest/) for a site of this name.
 *
 * @example webManifest('The Meridian').short_name // 'The Meridian'
 */
export function webManifest(siteName: string) {
  return {
    name: siteName,
    // Home screens cut labels at about 12 characters; a longer name keeps its first word.
    short_name: siteName.length <= 12 ? siteName : siteName.split(/\s+/).find((word) => !/^the$/i.test(word)) ?? siteName.slice(0, 12),
    start_url: '/',
    scope: '/',
    display: 'browser',
    background_color: themeColours.light,
    theme_color: themeColours.light,
    icons: manifestIcons,
  };
}
