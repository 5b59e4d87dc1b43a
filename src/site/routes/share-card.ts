import { Hono } from 'hono';
import type { SiteContext } from './context.js';

/**
 * `/cards/{id}.png`: a published article's share card. Asked for with its current `v` (as
 * article pages link it) the file never changes, so caches keep it for good; without one,
 * or with an old one, the current card is sent for an hour. Any other id answers 404.
 */
export function shareCardRoutes(ctx: SiteContext) {
  return new Hono().get('/cards/:file{[1-9][0-9]{0,11}\\.png}', async (c) => {
    const card = await ctx.services.shareCards.card(Number.parseInt(c.req.param('file'), 10), ctx.config.siteName);
    if (!card) return c.notFound();
    const etag = `"${card.key}"`;
    const cacheControl = c.req.query('v') === card.key ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag, 'Cache-Control': cacheControl });
    return c.body(new Uint8Array(card.png), 200, { 'Content-Type': 'image/png', ETag: etag, 'Cache-Control': cacheControl });
  });
}
