import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import type { MediaService } from './media-service.js';

/** Serves resized uploads. Files never change once written, so caches may keep them for good. */
export function mediaRoutes(media: MediaService) {
  const app = new Hono();
  app.get('/media/u/:key/:file', async (c) => {
    const path = media.filePath(c.req.param('key'), c.req.param('file'));
    const bytes = path && (await readFile(path).catch(() => undefined));
    if (!bytes) return c.notFound();
    const type = path.endsWith('.avif') ? 'image/avif' : 'image/webp';
    return c.body(bytes, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
  return app;
}
