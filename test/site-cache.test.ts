import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { defaultSiteSettings } from '../src/settings/site-settings.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { startTestServer } from './support/browser.js';
import { runCli, tempDataDir } from './support/cli.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };

describeEachDatabase('reader page cache', (fixture) => {
  const setup = async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await seedNewsletters(services);
    const edited = await publishedArticle(services, { headline: 'Talks in Geneva', section: 'world', topics: ['russia'] });
    const unrelated = await publishedArticle(services, { headline: 'Budget vote looms', section: 'politics', authors: ['ben-writer'], topics: ['elections'] });
    const cache = new RenderCache();
    const app = createApp({ services, config, renderCache: cache });
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await app.request(path, { headers });
      return { res, text: await res.text() };
    };
    return { services, edited, unrelated, cache, get };
  };
  let ctx: Awaited<ReturnType<typeof setup>>;

  it('answers a second request with the same bytes, a strong ETag, CDN headers and a 304 on a match', async () => {
    ctx = await setup();
    const { edited, cache, get } = ctx;
    const first = await get(edited.path);
    expect(first.res.status).toBe(200);
    expect(first.text).toMatch(/<h1[^>]*>Talks in Geneva<\/h1>/);
    expect(cache.has(edited.path)).toBe(true);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(first.res.headers.get('surrogate-key')!.split(' ')).toEqual(expect.arrayContaining([`article:${edited.id}`, `section:${edited.section.id}`, 'newsletters']));
    expect(first.res.headers.get('content-security-policy')).toContain("default-src 'self'");

    const second = await get(`${edited.path}?utm_source=newsletter`);
    expect(second.text).toBe(first.text);
    expect(second.res.headers.get('etag')).toBe(etag);
    expect(second.res.headers.get('content-security-policy')).toBe(first.res.headers.get('content-security-policy'));
    expect(Number(second.res.headers.get('content-length'))).toBe(Buffer.byteLength(first.text));

    const revalidated = await get(edited.path, { 'if-none-match': `W/"other", ${etag}` });
    expect(revalidated.res.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(revalidated.res.headers.get('etag')).toBe(etag);
    expect((await get(edited.path, { 'if-none-match': '"stale"' })).res.status).toBe(200);
  });

  it('drops the edited article and its section front on the next request, and nothing unrelated', async () => {
    const { services, edited, unrelated, cache, get } = ctx;
    const unrelatedBefore = await get(unrelated.path);
    await get('/world');
    await get('/politics');
    expect((await get('/world')).text).toContain('Talks in Geneva');
    expect(cache.has('/world')).toBe(true);

    await services.articles.update(edited.id, { headline: 'Talks in Geneva collapse' });

    expect(cache.has(edited.path)).toBe(false);
    expect(cache.has('/world')).toBe(false);
    expect(cache.has(unrelated.path)).toBe(true);
    expect(cache.has('/politics')).toBe(true);
    const page = await get(edited.path);
    expect(page.text).toMatch(/<h1[^>]*>Talks in Geneva collapse<\/h1>/);
    expect((await get('/world')).text).toContain('Talks in Geneva collapse');
    const unrelatedAfter = await get(unrelated.path);
    expect(unrelatedAfter.text).toBe(unrelatedBefore.text);
    expect(unrelatedAfter.res.headers.get('etag')).toBe(unrelatedBefore.res.headers.get('etag'));
  });

  it('puts a newly published article on the fronts it joins, leaving other fronts cached', async () => {
    const { services, unrelated, cache, get } = ctx;
    await get('/');
    await get('/world');
    await get('/topic/russia');
    await get('/author/ada-reporter');
    await get('/politics');
    await get(unrelated.path);
    await publishedArticle(services, { headline: 'Ceasefire agreed overnight', section: 'world', topics: ['russia'] }, { publishedAt: '2026-01-08T06:00:00.000Z' });
    for (const path of ['/', '/world', '/topic/russia', '/author/ada-reporter']) {
      expect((await get(path)).text, path).toContain('Ceasefire agreed overnight');
    }
    expect(cache.has('/politics')).toBe(true);
    expect(cache.has(unrelated.path)).toBe(true);
  });

  it('shows a renamed section and a new support prompt in the masthead and footer of the pages rendered after the change', async () => {
    const { services, edited, unrelated, get } = ctx;
    const before = (await get(unrelated.path)).text;
    expect(before).toContain('<a href="/politics">Politics</a>');
    await services.taxonomy.upsertSection({ slug: 'politics', name: 'Home Affairs', description: 'Power at home.' });
    await services.settings.save({ id: 1, role: 'admin', author_id: null }, { ...defaultSiteSettings, supportPrompt: 'Keep us <independent>.' });
    for (const path of [edited.path, unrelated.path]) {
      const text = (await get(path)).text;
      const masthead = text.slice(text.indexOf('<header class="masthead">'), text.indexOf('</header>', text.indexOf('class="section-nav"')));
      const footer = text.slice(text.indexOf('<footer class="site-footer">'));
      for (const part of [masthead, footer]) {
        expect(part).toContain('<a href="/politics">Home Affairs</a>');
        expect(part).not.toContain('<a href="/politics">Politics</a>');
      }
      expect(masthead).toContain('Keep us &lt;independent&gt;.');
      expect(footer).toContain('<p>Keep us &lt;independent&gt;.</p>');
    }
  });

  it('drops every signup box when the newsletter catalogue changes, and only then', async () => {
    const { services, unrelated, cache, get } = ctx;
    await get(unrelated.path);
    const daily = (await services.newsletters.find('daily-brief'))!;
    // What sending an issue announces: the newsletter's archive changed, its catalogue entry did not.
    services.events.emit({ entity: 'newsletter', id: daily.id });
    await cache.settled();
    expect(cache.has(unrelated.path)).toBe(true);
    await services.newsletters.edit('daily-brief', { description: 'World news before breakfast.' });
    expect((await get(unrelated.path)).text).toContain('World news before breakfast.');
  });

  it('keeps the newsletter pages until their newsletter or the catalogue changes', async () => {
    const { services, cache, get } = ctx;
    const daily = (await services.newsletters.find('daily-brief'))!;
    for (const path of ['/newsletters', '/newsletters/daily-brief', '/newsletters/weekend-read']) {
      expect((await get(path)).res.status).toBe(200);
      expect(cache.has(path)).toBe(true);
    }
    // What sending an issue announces: that archive changes, the catalogue and the other archive do not.
    services.events.emit({ entity: 'newsletter', id: daily.id });
    await cache.settled();
    expect(cache.has('/newsletters/daily-brief')).toBe(false);
    expect(cache.has('/newsletters/weekend-read')).toBe(true);
    expect(cache.has('/newsletters')).toBe(true);

    await services.newsletters.edit('weekend-read', { description: 'Politics and books, every Saturday.' });
    expect((await get('/newsletters')).text).toContain('Politics and books, every Saturday.');
    expect((await get('/newsletters/weekend-read')).text).toContain('Politics and books, every Saturday.');
  });

  it('keeps the sitemaps until an article of theirs is published, moved or withdrawn', async () => {
    const { services, edited, unrelated, cache, get } = ctx;
    const monthFile = '/sitemaps/articles-2026-01.xml';
    for (const path of ['/sitemap.xml', monthFile]) {
      expect((await get(path)).res.status).toBe(200);
      expect(cache.has(path)).toBe(true);
    }
    expect(cache.has('/sitemaps/articles-1999-01.xml')).toBe(false);

    const old = await publishedArticle(services, { headline: 'An old story found again' }, { publishedAt: '1999-01-05T09:00:00.000Z' });
    await cache.settled();
    expect(cache.has(monthFile)).toBe(true);
    expect((await get('/sitemap.xml')).text).toContain('/sitemaps/articles-1999-01.xml');
    expect((await get('/sitemaps/articles-1999-01.xml')).text).toContain(old.path);

    // A server started after the article was published remembers none of its lists, and no page of it is cached.
    const gone = await publishedArticle(services, { headline: 'A story to withdraw' });
    const restarted = new RenderCache();
    const app = createApp({ services, config, renderCache: restarted });
    const fetchText = async (path: string) => (await app.request(path)).text();
    for (const path of [monthFile, '/archive/2026']) {
      expect(await fetchText(path)).toContain(path === monthFile ? gone.path : '/archive/2026/01');
      expect(restarted.has(path)).toBe(true);
    }
    await services.articles.unpublish(gone.id);
    await restarted.settled();
    expect(restarted.has(monthFile)).toBe(false);
    expect(restarted.has('/archive/2026')).toBe(false);
    const month = await fetchText(monthFile);
    expect(month).not.toContain(gone.path);
    expect(month).toContain(edited.path);
    expect(month).toContain(unrelated.path);
  });

  it('drops every page of a section front when an article leaves it, not only the page that showed it', async () => {
    const { services, cache, get } = ctx;
    const filler = [];
    for (let i = 0; i < 21; i++) {
      filler.push(await publishedArticle(services, { headline: `Filler ${i}`, section: 'world' }, { publishedAt: `2026-01-06T${String(i).padStart(2, '0')}:00:00.000Z` }));
    }
    const leaving = filler.at(-1)!;
    const secondPage = await get('/world?page=2');
    const firstOfPageTwo = secondPage.text.match(/Filler \d+/)![0];
    expect(cache.has('/world?page=2')).toBe(true);
    await get(`/world?utm_campaign=x&page=1`);
    await services.articles.update(leaving.id, { section: 'politics' });
    // Which lists it left takes a lookup; readers wait for it the same way.
    await cache.settled();
    expect(cache.has('/world?page=2')).toBe(false);
    expect(cache.has('/world?page=1')).toBe(false);
    const after = await get('/world?page=2');
    expect(after.text).not.toContain(`${firstOfPageTwo}<`);
    expect((await get('/politics')).text).toContain(leaving.headline);
  });

  it('serves hits from the Node listener before Hono: bytes, 304, HEAD; signed-in requests go to the app', async () => {
    const { services, unrelated } = ctx;
    const cache = new RenderCache();
    const app = createApp({ services, config, renderCache: cache });
    let appCalls = 0;
    const server = await startTestServer((request) => {
      appCalls++;
      return app.fetch(request);
    }, cache);
    try {
      const first = await fetch(server.url + unrelated.path);
      const body = await first.text();
      expect(appCalls).toBe(1);
      const hit = await fetch(server.url + unrelated.path);
      expect(await hit.text()).toBe(body);
      expect(hit.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(hit.headers.get('x-content-type-options')).toBe('nosniff');
      const notModified = await fetch(server.url + unrelated.path, { headers: { 'if-none-match': first.headers.get('etag')! } });
      expect(notModified.status).toBe(304);
      const head = await fetch(server.url + unrelated.path, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
      expect(await head.text()).toBe('');
      expect(appCalls).toBe(1);
      const signedIn = await fetch(server.url + unrelated.path, { headers: { cookie: 'session=abc' } });
      expect(await signedIn.text()).toBe(body);
      expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
      expect(appCalls).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('empties the cache rather than look up a burst of changes one by one (an import)', async () => {
    const { services, unrelated, cache, get } = ctx;
    await get(unrelated.path);
    await get('/politics');
    for (let id = 100_000; id < 100_200; id++) services.events.emit({ entity: 'article', id });
    expect(cache.size).toBe(0);
    await cache.settled();
    expect((await get(unrelated.path)).res.status).toBe(200);
    expect(cache.has(unrelated.path)).toBe(true);
  });

  it('never stores error pages, search or the newsroom', async () => {
    const { cache, get } = ctx;
    const missing = await get('/no-such-section');
    expect(missing.res.status).toBe(404);
    expect(missing.res.headers.get('cache-control')).toBe('no-store');
    expect(missing.res.headers.get('etag')).toBeNull();
    expect(cache.has('/no-such-section')).toBe(false);
    const search = await get('/search?q=geneva');
    expect(search.res.status).toBe(200);
    expect(search.res.headers.get('etag')).toBeNull();
    expect(cache.has('/search?q=geneva')).toBe(false);
    const admin = await get('/admin');
    expect(admin.res.headers.get('etag')).toBeNull();
  });
});

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** `broadsheet serve` in its own process on `dataDir`, on a free port. */
async function serveInProcess(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((found, failed) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const match = /running at (\S+)/.exec(stdout);
      if (match) found(match[1]!);
    });
    void exited.then((code) => failed(new Error(`serve exited (${code}): ${stderr}`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    return { code: await exited, stderr };
  };
  return { url, stop };
}

// Starts a server and two import processes from the TypeScript sources; on a busy CI machine that takes a while.
describe('a page changed by another process', { timeout: 120_000 }, () => {
  it('is dropped from a running server\'s cache soon after `broadsheet import` updates its article', async () => {
    const dataDir = tempDataDir();
    const seed = readFileSync(resolve(repoRoot, '../shared/seed/article.txt'), 'utf8');
    const original = 'carries risks for Russia';
    expect(seed).toContain(original);
    const first = runCli(['import', writeCopy(dataDir, 'seed.txt', seed)], { DATA_DIR: dataDir });
    expect(first.stderr).toBe('');
    const path = /created\t(\S+)/.exec(first.stdout)![1]!;

    const server = await serveInProcess(dataDir);
    try {
      const page = () => fetchText(server.url + path);
      expect(await page()).toContain(original);
      expect(await page()).toContain(original);

      const standfirst = 'A standfirst rewritten by a later import.';
      const updated = seed.replace(/^Vladimir Putin.*carries risks.*$/m, standfirst);
      const second = runCli(['import', writeCopy(dataDir, 'updated.txt', updated)], { DATA_DIR: dataDir });
      expect(second.stdout).toContain(`updated\t${path}`);

      // Within a second in practice; the deadline only keeps a broken build from waiting forever.
      const deadline = Date.now() + 5000;
      let text = await page();
      while (!text.includes(standfirst) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        text = await page();
      }
      expect(text).toContain(standfirst);
    } finally {
      const stopped = await server.stop();
      expect(stopped).toEqual({ code: 0, stderr: '' });
    }
  });
});

/** GET on a fresh connection: a kept-alive one may have been closed while the test waited for the import. */
function fetchText(url: string): Promise<string> {
  return new Promise((done, failed) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => done(body));
    }).on('error', failed);
  });
}

function writeCopy(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
