import { Hono } from 'hono';
import type { MediaService } from './media-service.js';
import { IMMUTABLE } from './storage.js';

/**
 * Serves resized uploads from the media storage (a folder or the bucket), streamed. Files never
 * change once written, so caches may keep them for good; a browser asking again with the ETag
 * gets 304 without the bytes.
 */
export function mediaRoutes(media: MediaService) {
  const app = new Hono();
  app.get('/media/u/:key/:file', async (c) => {
    const file = await media.openRendition(c.req.param('key'), c.req.param('file'));
    if (!file) return c.notFound();
    const headers = { ETag: file.etag, 'Last-Modified': file.lastModified.toUTCString(), 'Cache-Control': IMMUTABLE };
    if (c.req.header('if-none-match')?.split(/\s*,\s*/).includes(file.etag)) {
      await file.body.cancel();
      return c.body(null, 304, headers);
    }
    return c.body(file.body, 200, { ...headers, 'Content-Type': file.contentType, 'Content-Length': String(file.size) });
  });
  return app;
}
