import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/accounts/users.js';
import type { Actor } from '../src/content/article-policy.js';
import { createAdminTestApp } from './support/admin.js';
import { startTestServer, type TestServer } from './support/browser.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, publishedArticle, reader, seedNewsletters, seedNewsroom } from './support/fixtures.js';

const keyMaker: Actor = { id: 0, role: 'admin', author_id: null };

describeEachDatabase('Admin API', (fixture) => {
  let server: TestServer;
  const tokens = {} as Record<Role, string>;
  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await seedNewsletters(services);
    server = await startTestServer(createAdminTestApp(services).fetch);
    for (const role of ['contributor', 'writer', 'editor', 'admin'] as const) {
      tokens[role] = (await services.apiKeys.create(keyMaker, { kind: 'admin', name: `${role} integration`, role })).plaintext;
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = (token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });

  it('an editor token creates, edits, schedules, publishes and unpublishes articles over HTTP, and the database holds each step', async () => {
    const { services } = fixture();
    const created = await call(tokens.editor, 'POST', '/api/admin/articles', articleInput({ headline: 'Tides of the estuary', slug: undefined, topics: [] }));
    expect(created.status).toBe(201);
    const { article } = await created.json();
    expect(article).toMatchObject({ headline: 'Tides of the estuary', status: 'draft', version: 1, section: { slug: 'world' }, authors: [{ slug: 'ada-reporter' }] });
    expect((await services.articles.get(article.id))?.headline).toBe('Tides of the estuary');

    const patched = await call(tokens.editor, 'PATCH', `/api/admin/articles/${article.id}`, { version: 1, standfirst: 'The river, measured.' });
    expect(patched.status).toBe(200);
    const after = (await patched.json()).article;
    // Only what was sent changed: the byline stayed.
    expect(after).toMatchObject({ standfirst: 'The river, measured.', version: 2, authors: [{ slug: 'ada-reporter' }] });
    const stale = await call(tokens.editor, 'PATCH', `/api/admin/articles/${article.id}`, { version: 1, headline: 'Late' });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.type).toBe('StaleVersionError');

    const when = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await call(tokens.editor, 'POST', `/api/admin/articles/${article.id}/schedule`, { scheduledFor: when });
    expect(scheduled.status).toBe(200);
    expect((await services.articles.get(article.id))).toMatchObject({ status: 'scheduled', scheduledFor: when });

    const other = await services.articles.create(articleInput());
    const published = await call(tokens.editor, 'POST', `/api/admin/articles/${other.id}/publish`);
    expect(published.status).toBe(200);
    expect((await published.json()).article.status).toBe('published');
    expect((await services.articles.get(other.id))?.status).toBe('published');

    const unpublished = await call(tokens.editor, 'POST', `/api/admin/articles/${other.id}/unpublish`);
    expect(unpublished.status).toBe(200);
    expect((await services.articles.get(other.id))?.status).toBe('unpublished');

    const read = await call(tokens.editor, 'GET', `/api/admin/articles/${article.id}`);
    expect((await read.json()).article.body[0]).toMatchObject({ type: 'paragraph' });
    const listed = await call(tokens.editor, 'GET', '/api/admin/articles?status=scheduled');
    expect((await listed.json()).articles.map((a: { id: number }) => a.id)).toContain(article.id);
    expect(listed.headers.get('cache-control')).toBe('no-store');
  });

  it('a body that fails validation answers 422 naming each field, and writes nothing', async () => {
    const { services } = fixture();
    const before = await services.articles.count({});
    const res = await call(tokens.editor, 'POST', '/api/admin/articles', { section: 'world', body: [{ type: 'paragraph' }] });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.type).toBe('ValidationError');
    expect(error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['headline', 'body.0.content']));
    const notJson = await call(tokens.editor, 'POST', '/api/admin/articles', undefined, { 'content-type': 'application/json' });
    expect(notJson.status).toBe(422);
    expect((await notJson.json()).error.message).toMatch(/not valid JSON/);
    const unknownSection = await call(tokens.editor, 'POST', '/api/admin/articles', articleInput({ section: 'sport' }));
    expect((await unknownSection.json()).error.fields).toEqual([{ path: 'section', message: 'no section "sport"' }]);
    expect(await services.articles.count({})).toBe(before);
  });

  it("a writer token meets the newsroom's own rules: it may not publish (403, the policy's words), and drafts it may not see are not found", async () => {
    const { services } = fixture();
    const live = await publishedArticle(services);
    const refused = await call(tokens.writer, 'POST', `/api/admin/articles/${live.id}/unpublish`);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toEqual({ type: 'ForbiddenError', message: 'A writer may not do "unpublish" on this article' });
    const republish = await call(tokens.writer, 'POST', `/api/admin/articles/${live.id}/schedule`, { scheduledFor: new Date(Date.now() + 3_600_000).toISOString() });
    expect(republish.status).toBe(403);
    expect((await republish.json()).error.message).toBe('A writer may not do "publish" on this article');

    const draft = await services.articles.create(articleInput());
    const hidden = await call(tokens.writer, 'POST', `/api/admin/articles/${draft.id}/publish`);
    expect(hidden.status).toBe(404);
    expect((await services.articles.get(draft.id))?.status).toBe('draft');
    const create = await call(tokens.writer, 'POST', '/api/admin/articles', articleInput());
    expect(create.status).toBe(403);
    expect((await create.json()).error.message).toMatch(/no author profile/);
    // Members are the desk's: a contributor's token is refused with the role it needs.
    const members = await call(tokens.contributor, 'GET', '/api/admin/members');
    expect(members.status).toBe(403);
    expect((await members.json()).error.message).toMatch(/needs the editor role/);
  });

  it('answers 401 without a token, with an unknown or content key, and with a revoked token', async () => {
    const { services } = fixture();
    expect((await call(undefined, 'GET', '/api/admin/articles')).status).toBe(401);
    expect((await call('bsadm_not-a-real-token', 'GET', '/api/admin/articles')).status).toBe(401);
    const content = await services.apiKeys.create(keyMaker, { kind: 'content', name: 'Reader app' });
    expect((await call(content.plaintext, 'GET', '/api/admin/articles')).status).toBe(401);

    const made = await services.apiKeys.create(keyMaker, { kind: 'admin', name: 'Zapier', role: 'editor' });
    expect((await call(made.plaintext, 'GET', '/api/admin/articles')).status).toBe(200);
    await services.apiKeys.revoke(keyMaker, made.key.id);
    const revoked = await call(made.plaintext, 'GET', '/api/admin/articles');
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await revoked.json()).error.type).toBe('UnauthorizedError');
  });

  it('uploads an image as multipart with a bearer token; the same form with a cookie and no Origin is refused as cross-site', async () => {
    const { services } = fixture();
    const { default: sharp } = await import('sharp');
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2a5d3c' } }).png().toBuffer();
    const form = () => {
      const body = new FormData();
      body.set('file', new File([new Uint8Array(png)], 'marsh.png', { type: 'image/png' }));
      body.set('alt', 'A salt marsh at low tide');
      return body;
    };
    const res = await call(tokens.writer, 'POST', '/api/admin/media', form());
    expect(res.status).toBe(201);
    const { media } = await res.json();
    expect(media).toMatchObject({ alt: 'A salt marsh at low tide', width: 400, height: 300 });
    expect((await services.media.get(media.id)).alt).toBe('A salt marsh at low tide');

    const noAlt = new FormData();
    noAlt.set('file', new File([new Uint8Array(png)], 'marsh.png', { type: 'image/png' }));
    const missing = await call(tokens.writer, 'POST', '/api/admin/media', noAlt);
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.fields[0].path).toBe('alt');

    const withCookie = await call(tokens.writer, 'POST', '/api/admin/media', form(), { cookie: 'broadsheet_session=x' });
    expect(withCookie.status).toBe(403);
  });

  it('reads newsletters and members for an editor token', async () => {
    const { services } = fixture();
    await reader(services, 'marta@example.org', { name: 'Marta' });
    const newsletters = await call(tokens.editor, 'GET', '/api/admin/newsletters');
    expect(newsletters.status).toBe(200);
    const { newsletters: list } = await newsletters.json();
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toHaveProperty('slug');
    const members = await call(tokens.editor, 'GET', '/api/admin/members?q=marta');
    expect(members.status).toBe(200);
    expect((await members.json()).members).toEqual([expect.objectContaining({ email: 'marta@example.org', name: 'Marta', status: 'free' })]);
    const bad = await call(tokens.editor, 'GET', '/api/admin/members?status=gold');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields[0].path).toBe('status');
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and describes every operation with its request body', async () => {
    const { createSqliteDatabase } = await import('./support/databases.js');
    const db = await createSqliteDatabase();
    try {
      const res = await createAdminTestApp(db.services).request('/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = await res.json();
      expect(doc.openapi).toBe('3.1.0');
      const result = await new Validator().validate(doc);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      const ops = Object.entries(doc.paths as Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ path, method, op })),
      );
      expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual(
        [
          'GET /api/admin/articles',
          'POST /api/admin/articles',
          'GET /api/admin/articles/{id}',
          'PATCH /api/admin/articles/{id}',
          'POST /api/admin/articles/{id}/publish',
          'POST /api/admin/articles/{id}/schedule',
          'POST /api/admin/articles/{id}/unpublish',
          'POST /api/admin/media',
          'GET /api/admin/newsletters',
          'GET /api/admin/members',
        ].sort(),
      );
      for (const { op } of ops.filter((o) => o.method !== 'get' && !o.path.endsWith('/publish') && !o.path.endsWith('/unpublish'))) {
        const [content] = Object.values(op.requestBody!.content);
        const name = content!.schema.$ref.replace('#/components/schemas/', '');
        expect(doc.components.schemas[name], name).toBeDefined();
      }
      expect(doc.components.schemas.ArticleInput.required).toEqual(expect.arrayContaining(['headline', 'section', 'body']));
      expect(doc.components.schemas.MediaUpload.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    } finally {
      await db.close();
    }
  });
});
