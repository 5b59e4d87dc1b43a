import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { createApp, type AppOptions } from '../../src/app.js';
import type { Services } from '../../src/services.js';
import { cachedServer } from '../../src/site/cache/node-server.js';
import { RenderCache } from '../../src/site/cache/render-cache.js';
import type { SmtpSink } from './smtp-sink.js';

// A browser test drives a real Chromium, a server and a database on a CI machine of two
// cores: ordinary steps can take seconds there, so its tests get more time than the rest.
vi.setConfig({ testTimeout: 90_000 });

/**
 * Where a browser test keeps its screenshots for people to look at: SHOTS_DIR/<area>
 * (the session's folder of test artifacts), or a folder under the system's temp dir.
 */
export function screenshotDir(area: string): string {
  const dir = join(process.env.SHOTS_DIR ?? join(tmpdir(), 'broadsheet-shots'), area);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The flags COMMON.md fixes for every browser test: headless, no sandbox, nothing phoning home. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches Debian's Chromium. Playwright gives every launch a fresh temporary
 * user-data-dir and removes it on close, so no profile leaks between runs.
 *
 * @example const browser = await launchChromium(); const page = await newTestPage(browser);
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/**
 * A page in its own context (own cookies). CSP is bypassed only so that axe-core's
 * inline script can be injected; the pages' own headers are still asserted elsewhere.
 *
 * @example const page = await newTestPage(browser, { extraHTTPHeaders: { 'x-test-user': 'editor' } });
 */
export async function newTestPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, ...options });
  return context.newPage();
}

/**
 * A page already signed in as `who` (a session from test/support/admin.ts signIn), by its cookie.
 *
 * @example const page = await signedInPage(browser, site.url, await signIn(app, services, 'editor'));
 */
export async function signedInPage(browser: Browser, baseUrl: string, who: { cookie: string }, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await newTestPage(browser, options);
  const cookies = who.cookie.split('; ').map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url: baseUrl };
  });
  await page.context().addCookies(cookies);
  return page;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fetch handler (a Hono app's `app.fetch`) through @hono/node-server on a random
 * port; with `renderCache`, hits are answered before the app as src/server.ts does (and
 * `serverOptions` as it gives them, e.g. analytics' `countView`).
 *
 * @example const server = await startTestServer(createApp({ services, config }).fetch);
 */
export function startTestServer(
  fetch: (request: Request) => Response | Promise<Response>,
  renderCache?: RenderCache,
  port = 0,
  serverOptions: Parameters<typeof cachedServer>[1] = {},
): Promise<TestServer> {
  return new Promise((resolve) => {
    const createServer = renderCache ? cachedServer(renderCache, serverOptions) : undefined;
    const server: ServerType = serve({ fetch, port, hostname: '127.0.0.1', createServer }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

let axeSource: string | undefined;

/** Fails the test with each rule id and its targets when axe-core finds anything on the page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> };
    const result = await (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run();
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  expect(violations, page.url()).toEqual([]);
}

/**
 * The real application (createApp) over a test database, served on a random port, or on
 * `port` (from freePort) when its address must be known first, as the site's own SITE_URL.
 *
 * @example const site = await startSiteServer(db.services); await page.goto(`${site.url}/world`);
 */
export function startSiteServer(services: Services, config: Partial<AppOptions['config']> = {}, port = 0): Promise<TestServer> {
  const renderCache = new RenderCache();
  const app = createApp({ services, renderCache, config: { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1', ...config } });
  return startTestServer(app.fetch, renderCache, port);
}

/** A port nothing listens on now, for a server whose address its services must know before it starts (Checkout's return address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Closable {
  close(): Promise<unknown> | unknown;
}

/** What a browser test works against: the site on a random port and Chromium, and one close() for all of it. */
export interface BrowserSite {
  /** The site's address, as TestServer's `url`. */
  readonly url: string;
  readonly browser: Browser;
  /** Hands `thing` (the test database, a mail sink, a Stripe stand-in) to close(), and returns it. */
  own<T extends Closable>(thing: T): T;
  /** Serves the real app over `services` (as startSiteServer) and launches Chromium. */
  start(services: Services, config?: Partial<AppOptions['config']>, port?: number): Promise<void>;
  /** Serves `fetch` (an app of the test's own making, as startTestServer) and launches Chromium. */
  serve(fetch: (request: Request) => Response | Promise<Response>, renderCache?: RenderCache): Promise<void>;
  /** Closes the browser, the server, then what was owned, newest first: whatever setup got as far as opening. */
  close(): Promise<void>;
}

/**
 * The setup every browser test repeats, made before beforeAll so afterAll can close a
 * half-finished setup too.
 *
 * @example
 * const site = browserSite();
 * beforeAll(async () => { db = site.own(await createSqliteDatabase()); await site.start(db.services); });
 * afterAll(() => site.close());
 */
export function browserSite(): BrowserSite {
  const opened: Closable[] = [];
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const own = <T extends Closable>(thing: T): T => {
    opened.push(thing);
    return thing;
  };
  return {
    get url() {
      if (!server) throw new Error('browserSite: start() has not served the site yet');
      return server.url;
    },
    get browser() {
      if (!browser) throw new Error('browserSite: start() has not launched Chromium yet');
      return browser;
    },
    own,
    async start(services, config = {}, port = 0) {
      server = own(await startSiteServer(services, config, port));
      browser = own(await launchChromium());
    },
    async serve(fetch, renderCache) {
      server = own(await startTestServer(fetch, renderCache));
      browser = own(await launchChromium());
    },
    async close() {
      while (opened.length > 0) await opened.pop()!.close();
    },
  };
}

/**
 * On the reader sign-in form `page` shows, asks for a link for `email` and opens the link
 * the mail sink receives: the page is left on the link's page, its Sign in button not yet pressed.
 */
export async function openEmailedSignInLink(page: Page, email: string, { siteUrl, sink, services }: { siteUrl: string; sink: SmtpSink; services: Services }): Promise<void> {
  const before = sink.count;
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');
  await services.readerAccounts.settled();
  await sink.waitFor(before + 1);
  const mail = (await sink.parsed()).filter((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === email).at(-1)!;
  const link = new URL(/Sign in: (\S+)/.exec(mail.text!)![1]!);
  await page.goto(`${siteUrl}${link.pathname}${link.search}`);
}

/** Waits for the page's next frame: a click's caret reaches the editor's state by then, so the keys after it act from there. */
export const nextFrame = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));

/**
 * Waits out ProseMirror's 50 ms after a click in which it puts a native caret move back
 * where its state has it, then a frame: a caret still where the keys left it after this
 * is the caret in the editor's state, so the next key acts from there.
 */
export const caretSettled = (page: Page) => page.evaluate(() => new Promise((done) => setTimeout(() => requestAnimationFrame(done), 150)));
