import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Services } from '../src/services.js';
import { adminTestConfig, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { seedNewsletters, seedNewsroom, articleInput } from './support/fixtures.js';

interface Answer {
  status: number;
  type: string;
  body: string;
}

/**
 * Sends `size` bytes of `fill` over a real socket, with a Content-Length or chunked,
 * and returns the answer. The server may answer and close before the client has written
 * everything; a write cut short that way is the point, not a failure.
 */
function post(url: string, path: string, options: { size: number; fill: string; type: string; chunked?: boolean; headers?: Record<string, string> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': options.type, origin: adminTestConfig.siteUrl, ...options.headers };
    if (!options.chunked) headers['content-length'] = String(options.size);
    const req = request(`${url}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    let answered = false;
    req.on('response', () => (answered = true));
    const chunk = Buffer.from(options.fill.repeat(64 * 1024).slice(0, 64 * 1024));
    let sent = 0;
    const pump = () => {
      while (sent < options.size && !req.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, options.size - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describeEachDatabase('request body limits over real HTTP', (fixture) => {
  let services: Services;
  let server: ServerType;
  let url: string;
  let editor: SignedIn;
  let articleId: number;
  const app = () => createApp({ services, config: adminTestConfig });

  beforeAll(async () => {
    services = fixture().services;
    await seedNewsroom(services);
    await seedNewsletters(services);
    const application = app();
    editor = await signIn(application, services, 'editor');
    articleId = (await services.articles.create(articleInput())).id;
    await new Promise<void>((resolve) => {
      server = serve({ fetch: application.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fiveMb = 5 * 1024 * 1024;
  const subscribers = async () => (await services.database.db.selectFrom('subscribers').select('email').execute()).length;

  it('answers a 5 MB signup form with 413 and a short page that does not repeat it', async () => {
    const res = await post(url, '/newsletters/subscribe', { size: fiveMb, fill: 'email=AAAA', type: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(413);
    expect(res.body).toContain('larger than 64 KB');
    expect(res.body).not.toContain('AAAA');
    expect(res.body.length).toBeLessThan(20_000);
    expect(await subscribers()).toBe(0);
  });

  it('counts a chunked body without a length on the stream and stops it at 64 KB', async () => {
    const res = await post(url, '/newsletters/subscribe', { size: fiveMb, fill: 'email=BBBB', type: 'application/x-www-form-urlencoded', chunked: true });
    expect(res.status).toBe(413);
    expect(res.body).not.toContain('BBBB');
    expect(await subscribers()).toBe(0);
  });

  it('limits the bounce webhook and answers it in JSON', async () => {
    const token = services.newsletters.tokens.webhookToken();
    for (const chunked of [false, true]) {
      const res = await post(url, '/newsletters/bounces', { size: fiveMb, fill: '["CCCC",', type: 'application/json', chunked, headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(413);
      expect(res.type).toContain('application/json');
      expect(JSON.parse(res.body)).toEqual({ error: expect.stringContaining('larger than 64 KB') });
    }
  });

  it('limits the newsroom forms too, but lets a whole article body through the editor', async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams({ _csrf: editor.csrfToken, ...fields }).toString();
    const headers = { cookie: editor.cookie };
    const topic = await post(url, '/admin/topics', { size: fiveMb, fill: 'name=DDDD', type: 'application/x-www-form-urlencoded', headers });
    expect(topic.status).toBe(413);
    expect(topic.body).not.toContain('DDDD');

    // About 150 KB of prose, as the editor form sends it: over the form limit, under the article's.
    const paragraphs = Array.from({ length: 40 }, (_, i) => ({ type: 'paragraph', content: [{ text: `Paragraph ${i} ${'word '.repeat(700)}` }] }));
    const body = form({ version: '1', headline: 'A long read', section: 'world', authors: 'ada-reporter', body: JSON.stringify(paragraphs) });
    expect(body.length).toBeGreaterThan(64 * 1024);
    const saved = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/admin/articles/${articleId}`, { method: 'POST', headers: { ...headers, origin: adminTestConfig.siteUrl, 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(saved).toBe(303);
    expect((await services.articles.get(articleId))!.body).toHaveLength(40);
  });
});

describeEachDatabase('JSON bodies nested too deeply', (fixture) => {
  let services: Services;
  let editor: SignedIn;
  let articleId: number;
  let application: ReturnType<typeof createApp>;
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  beforeAll(async () => {
    services = fixture().services;
    await seedNewsroom(services);
    application = createApp({ services, config: adminTestConfig });
    editor = await signIn(application, services, 'editor');
    articleId = (await services.articles.create(articleInput())).id;
  });

  const autosave = (body: string) =>
    application.request(`/admin/articles/${articleId}/autosave`, {
      method: 'POST',
      body,
      headers: { cookie: editor.cookie, origin: adminTestConfig.siteUrl, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': editor.csrfToken },
    });

  it('answers 200,000 nested arrays with 422 naming the problem, wherever they sit', async () => {
    for (const body of [nested(200_000), `{"version":${nested(200_000)},"fields":{}}`, `{"version":1,"fields":{"headline":${nested(200_000)}}}`]) {
      const res = await autosave(body);
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ error: expect.stringContaining('nested too deeply') });
    }
    // The editor form carries its body as JSON in a field.
    const form = new URLSearchParams({ _csrf: editor.csrfToken, version: '1', headline: 'Deep', section: 'world', body: nested(200_000) });
    const saved = await application.request(`/admin/articles/${articleId}`, { method: 'POST', body: form, headers: { cookie: editor.cookie, origin: adminTestConfig.siteUrl } });
    expect(saved.status).toBe(422);
    expect(await saved.text()).toContain('body: is not valid editor content');
    expect((await services.articles.get(articleId))!.headline).not.toBe('Deep');
    const res = await application.request('/newsletters/bounces', {
      method: 'POST',
      body: nested(20_000),
      headers: { authorization: `Bearer ${services.newsletters.tokens.webhookToken()}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: expect.stringContaining('nested too deeply') });
  });
});
