import { Hono } from 'hono';
import type { Config } from '../../config.js';
import { webManifest } from '../../reader-ui/brand.js';

/** /manifest.webmanifest: the site's name, colours and icons for "add to home screen", from the configured name. */
export function manifestRoutes(config: Pick<Config, 'siteName'>) {
  const body = JSON.stringify(webManifest(config.siteName));
  return new Hono().get('/manifest.webmanifest', (c) => {
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(body);
  });
}
