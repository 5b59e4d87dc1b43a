import type { FC } from 'hono/jsx';
import { brandIcons, textFont, themeColours } from './brand.js';

/** What every reader page's <head> says about the site itself: icons, manifest, theme colours, the text face to fetch early. */
export const BrandHead: FC = () => (
  <>
    <link rel="preload" href={textFont} as="font" type="font/woff2" crossorigin="anonymous" />
    <link rel="icon" href={brandIcons.svg} type="image/svg+xml" />
    <link rel="icon" href={brandIcons.png32} type="image/png" sizes="32x32" />
    <link rel="apple-touch-icon" href={brandIcons.appleTouch} />
    <link rel="manifest" href="/manifest.webmanifest" />
    <meta name="theme-color" content={themeColours.light} media="(prefers-color-scheme: light)" />
    <meta name="theme-color" content={themeColours.dark} media="(prefers-color-scheme: dark)" />
  </>
);
