import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { Actor } from '../../content/article-policy.js';
import { BroadsheetError, fromZod, ValidationError } from '../../errors.js';
import { readJsonBody } from '../../http/json-body.js';
import type { Services } from '../../services.js';
import { ADMIN_API_BASE, openApiDocument } from './openapi.js';
import { operations, type Operation } from './operations.js';

/** The version the OpenAPI document states; bumped when an operation changes shape. */
const API_VERSION = '1.0.0';

type Env = { Variables: { actor: Actor } };

const errorBody = (type: string, message: string, fields?: Array<{ path: string; message: string }>) => ({ error: { type, message, ...(fields?.length ? { fields } : {}) } });

/**
 * The Admin API (/api/admin/…) and its OpenAPI document (/api/openapi.json). A bearer token from
 * the apiKeys service acts with its role through the same services, and so the same policy, as a
 * newsroom account of that role; errors answer as JSON naming the field. No cookies are read, so
 * no browser session can be borrowed (and the app's form origin check lets these requests by).
 */
export function adminApiRoutes(services: Services, config: { siteName: string; siteUrl: string }, logger?: Logger) {
  const app = new Hono<Env>();
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get('/api/openapi.json', (c) => c.json((document ??= openApiDocument(operations, { ...config, version: API_VERSION }))));

  app.use(`${ADMIN_API_BASE}/*`, async (c, next) => {
    const identity = await services.apiKeys.authenticateAdmin(/^Bearer\s/i.test(c.req.header('authorization') ?? '') ? c.req.header('authorization') : undefined);
    if (!identity?.role) {
      c.header('WWW-Authenticate', 'Bearer realm="admin-api"');
      return c.json(errorBody('UnauthorizedError', 'A valid admin token is required: send Authorization: Bearer <token> (tokens are made on the Integrations page)'), 401);
    }
    // Not a newsroom account: id 0 is no user (revisions record no one), and without an author profile it owns no byline.
    c.set('actor', { id: 0, role: identity.role, author_id: null });
    c.header('Cache-Control', 'no-store');
    await next();
  });

  for (const op of operations) {
    app.on(op.method.toUpperCase(), `${ADMIN_API_BASE}${op.path.replace('{id}', ':id{[0-9]+}')}`, async (c) => {
      const body = op.body ? await checkedBody(c, op) : undefined;
      const result = await op.run(services, { actor: c.var.actor, id: Number(c.req.param('id') ?? 0), body, query: c.req.query() });
      return c.json(result, op.status);
    });
  }
  app.all(`${ADMIN_API_BASE}/*`, (c) => c.json(errorBody('NotFoundError', `No Admin API operation ${c.req.method} ${c.req.path}; see /api/openapi.json`), 404));

  app.onError((error, c) => {
    if (error instanceof ValidationError) return c.json(errorBody(error.name, error.message, error.issues), 422);
    if (error instanceof BroadsheetError) return c.json(errorBody(error.name, error.message), error.status as 400);
    if (error instanceof HTTPException) return c.json(errorBody('HTTPError', error.message || 'Refused'), error.status);
    logger?.error({ err: error, path: c.req.path }, 'admin API request failed');
    return c.json(errorBody('InternalError', 'Something went wrong on the server; it has been logged'), 500);
  });
  return app;
}

async function checkedBody(c: Context, op: Operation): Promise<unknown> {
  const { schema, type } = op.body!;
  const contentType = c.req.header('content-type') ?? '';
  if (!contentType.startsWith(type)) throw new ValidationError(`The body must be ${type}`, [{ path: '', message: `sent as ${contentType || 'nothing'}` }]);
  const raw = type === 'application/json' ? await readJsonBody(c) : await c.req.parseBody();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZod('The body has a problem', parsed.error);
  // Only what was sent: a default the schema fills in (authors: []) must not overwrite what a PATCH left out.
  const sent = raw as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed.data as Record<string, unknown>).filter(([key]) => Object.hasOwn(sent, key)));
}
