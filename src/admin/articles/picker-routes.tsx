import { Hono } from 'hono';
import { z } from 'zod';
import { BroadsheetError, fromZod } from '../../errors.js';
import { readJsonBody } from '../../http/json-body.js';
import type { Services } from '../../services.js';
import type { AdminEnv } from './routes.js';

const creation = z.object({ name: z.string(), bio: z.string().optional() });

/**
 * JSON for the writing screen's author and topic pickers: search by name, and (editors only,
 * as the desk service decides) create a topic or a guest author on the spot. Refusals answer
 * with the status and the reason, `{ error }`.
 */
export function pickerRoutes(services: Services) {
  const { taxonomy, desk } = services;
  const app = new Hono<AdminEnv>();
  const item = (row: { slug: string; name: string }) => ({ slug: row.slug, name: row.name });

  app.get('/admin/pickers/authors', async (c) => c.json({ items: (await taxonomy.searchAuthors(c.req.query('q') ?? '', 10)).map(item) }));
  app.get('/admin/pickers/topics', async (c) => c.json({ items: (await taxonomy.searchTopics(c.req.query('q') ?? '', 10)).map(item) }));

  /** A guest byline: an author profile no account is linked to. */
  app.post('/admin/pickers/authors', async (c) => {
    try {
      const input = parse(await readJsonBody(c));
      return c.json(item(await desk.saveAuthor(c.var.user, undefined, { name: input.name, bio: input.bio ?? '' })), 201);
    } catch (error) {
      return refusal(error);
    }
  });

  app.post('/admin/pickers/topics', async (c) => {
    try {
      const input = parse(await readJsonBody(c));
      return c.json(item(await desk.addTopic(c.var.user, { name: input.name })), 201);
    } catch (error) {
      return refusal(error);
    }
  });

  function parse(body: unknown) {
    const result = creation.safeParse(body);
    if (!result.success) throw fromZod('Invalid request', result.error);
    return result.data;
  }

  function refusal(error: unknown) {
    if (error instanceof BroadsheetError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }

  return app;
}
