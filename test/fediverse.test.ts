import {
  Accept,
  Activity,
  Create,
  createFederation,
  Delete,
  Endpoints,
  Follow,
  generateCryptoKeyPair,
  InProcessMessageQueue,
  MemoryKvStore,
  Person,
  signRequest,
  Undo,
  Update,
  type Actor,
  type Federation,
  Article as ArticleObject,
  Tombstone,
} from '@fedify/fedify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { b } from '../src/content/blocks.js';
import { PUBLICATION } from '../src/fediverse/federation-ids.js';
import { fediverseStore } from '../src/fediverse/fediverse-store.js';
import { createServices, type Services } from '../src/services.js';
import { freePort, startSiteServer, startTestServer, type TestServer } from './support/browser.js';
import { describeEachDatabase, type TestDatabase } from './support/databases.js';
import { articleInput, seedNewsroom } from './support/fixtures.js';

const admin = { id: 1, role: 'admin' as const, author_id: null };
const activityJson = { accept: 'application/activity+json' };

/**
 * A second fediverse server, started by the test on loopback with Fedify and its own memory: one
 * reader, `@reader@127.0.0.1:<port>`, who follows and keeps what arrives in their inbox. Fedify
 * checks every delivery's HTTP signature before a listener sees it.
 */
async function startFollower() {
  const received: Activity[] = [];
  const keys = [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5'), await generateCryptoKeyPair('Ed25519')];
  let federation: Federation<void> | undefined;
  const server: TestServer = await startTestServer((request) => federation!.fetch(request, { contextData: undefined }));
  federation = createFederation<void>({ kv: new MemoryKvStore(), queue: new InProcessMessageQueue(), allowPrivateAddress: true, origin: server.url });
  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (identifier !== 'reader') return null;
      const pairs = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: 'A Reader',
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: pairs[0]!.cryptographicKey,
        assertionMethods: pairs.map((k) => k.multikey),
      });
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === 'reader' ? keys : []));
  const keep = async (_ctx: unknown, activity: Activity) => {
    received.push(activity);
  };
  federation.setInboxListeners('/users/{identifier}/inbox', '/inbox').on(Accept, keep).on(Create, keep).on(Update, keep).on(Delete, keep);
  const ctx = () => federation!.createContext(new URL(server.url), undefined);
  return {
    url: server.url,
    actorUri: () => ctx().getActorUri('reader'),
    received,
    keys,
    /** The first activity of this kind that arrived since `from`, waited for. */
    async next<T extends Activity>(kind: new (...args: never[]) => T, from: number): Promise<T> {
      return vi.waitFor(
        () => {
          const found = received.slice(from).find((a) => a instanceof kind);
          if (!found) throw new Error(`no ${kind.name} yet`);
          return found as T;
        },
        { timeout: 15_000, interval: 50 },
      );
    },
    async follow(actor: Actor) {
      const c = ctx();
      const follow = new Follow({ id: new URL(`#follows/${Date.now()}`, c.getActorUri('reader')), actor: c.getActorUri('reader'), object: actor.id });
      await c.sendActivity({ identifier: 'reader' }, actor, follow, { immediate: true });
      return follow;
    },
    async undo(actor: Actor, follow: Follow) {
      const c = ctx();
      const undo = new Undo({ id: new URL(`#undo/${Date.now()}`, c.getActorUri('reader')), actor: c.getActorUri('reader'), object: follow });
      await c.sendActivity({ identifier: 'reader' }, actor, undo, { immediate: true });
    },
    lookup: (uri: URL) => ctx().lookupObject(uri),
    close: () => server.close(),
  };
}

/**
 * The site on a port of its own with the fediverse worker running, and a follower app beside it;
 * `options` are the services' own (limits), `enable` turns the fediverse on before the site starts.
 */
async function startFediverseSite(database: TestDatabase, options: Partial<Parameters<typeof createServices>[1]> = {}, enable = false) {
  const port = await freePort();
  const siteUrl = `http://127.0.0.1:${port}`;
  const services = createServices(database.database, { timeZone: 'Europe/London', siteUrl, siteName: 'Test Gazette', dataDir: database.dataDir, fediverseAllowPrivateAddress: true, ...options });
  await seedNewsroom(services);
  if (enable) await services.fediverse.settings.save(admin, { enabled: true, handle: 'testgazette', description: '' });
  const site = await startSiteServer(services, { siteUrl, siteName: 'Test Gazette' }, port);
  const stopWorker = services.fediverse.startWorker();
  const follower = await startFollower();
  return {
    services,
    site,
    follower,
    host: `127.0.0.1:${port}`,
    stopWorker,
    async stop() {
      await stopWorker();
      await follower.close();
      await site.close();
    },
  };
}

describeEachDatabase('the fediverse', (fixture) => {
  let running: Awaited<ReturnType<typeof startFediverseSite>>;
  let services: Services;
  let site: TestServer;
  let follower: Awaited<ReturnType<typeof startFollower>>;
  let host: string;
  let publication: Actor;
  let follow: Follow;

  beforeAll(async () => {
    running = await startFediverseSite(fixture());
    ({ services, site, follower, host } = running);
  });

  afterAll(() => running?.stop());

  it('answers nothing while the newsroom has not turned it on', async () => {
    const res = await fetch(`${site.url}/.well-known/webfinger?resource=acct:testgazette@${host}`);
    expect(res.status).toBe(404);
    const actor = await fetch(`${site.url}/ap/actors/publication`, { headers: activityJson });
    expect(actor.status).toBe(404);
  });

  it('finds the publication by WebFinger and shows its profile, logo and key', async () => {
    await services.fediverse.settings.save(admin, { enabled: true, handle: 'testgazette', description: 'Reporting from the test suite.' });
    const res = await fetch(`${site.url}/.well-known/webfinger?resource=acct:testgazette@${host}`);
    expect(res.status).toBe(200);
    const jrd = (await res.json()) as { subject: string; links: Array<{ rel: string; type?: string; href?: string }> };
    expect(jrd.subject).toBe(`acct:testgazette@${host}`);
    const self = jrd.links.find((l) => l.rel === 'self' && l.type === 'application/activity+json');
    expect(self?.href).toBe(`${site.url}/ap/actors/publication`);

    const found = await follower.lookup(new URL(self!.href!));
    expect(found?.constructor.name).toBe('Organization');
    publication = found as Actor;
    expect(publication.name?.toString()).toBe('Test Gazette');
    expect(publication.preferredUsername?.toString()).toBe('testgazette');
    expect(publication.summary?.toString()).toBe('Reporting from the test suite.');
    expect((await publication.getIcon())?.url?.toString()).toBe(`${site.url}/static/brand/icon-512.png`);
    expect((await publication.getPublicKey())?.id?.href).toContain('/ap/actors/publication');
    // A reader's browser asking for the same address gets no JSON.
    expect((await fetch(`${site.url}/ap/actors/publication`, { headers: { accept: 'text/html' } })).headers.get('content-type') ?? '').not.toContain('activity+json');
  });

  it('shows each author as an actor, found by their slug', async () => {
    const res = await fetch(`${site.url}/.well-known/webfinger?resource=acct:ada-reporter@${host}`);
    expect(res.status).toBe(200);
    const self = ((await res.json()) as { links: Array<{ rel: string; href?: string }> }).links.find((l) => l.rel === 'self');
    const author = (await follower.lookup(new URL(self!.href!))) as Actor;
    expect(author.constructor.name).toBe('Person');
    expect(author.name?.toString()).toBe('Ada Reporter');
    expect(author.url?.toString()).toBe(`${site.url}/author/ada-reporter`);
  });

  it('accepts a signed Follow and keeps the follower', async () => {
    const from = follower.received.length;
    follow = await follower.follow(publication);
    const accept = await follower.next(Accept, from);
    expect(accept.actorId?.href).toBe(`${site.url}/ap/actors/publication`);
    expect((await accept.getObject())?.id?.href).toBe(follow.id?.href);
    const rows = await fixture().database.db.selectFrom('fediverse_followers').selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ actor: PUBLICATION, follower_uri: follower.actorUri().href, inbox_url: `${follower.url}/users/reader/inbox`, shared_inbox_url: `${follower.url}/inbox` })]);
    expect((await services.fediverse.overview()).followers).toBe(1);
  });

  it('sends a Create of the article when it is published, an Update on a correction and a Delete on unpublishing', async () => {
    const draft = await services.articles.create(articleInput({ headline: 'The harbour vote', standfirst: 'Dockers decide tonight.', body: [b.p('The vote opens at six.')] }));
    let from = follower.received.length;
    const published = await services.articles.publish(draft.id);
    const create = await follower.next(Create, from);
    const article = (await create.getObject()) as ArticleObject;
    expect(article).toBeInstanceOf(ArticleObject);
    expect(article.name?.toString()).toBe('The harbour vote');
    expect(article.summary?.toString()).toBe('Dockers decide tonight.');
    expect(article.url?.toString()).toBe(`${site.url}${published.path}`);
    expect(article.content?.toString()).toContain('The vote opens at six.');
    expect(article.attributionIds.map((u) => u.href)).toEqual([expect.stringMatching(/\/ap\/actors\/author-\d+$/), `${site.url}/ap/actors/publication`]);
    expect(create.actorId?.href).toBe(`${site.url}/ap/actors/publication`);

    from = follower.received.length;
    await services.articles.update(draft.id, { body: [b.p('The vote opens at seven.'), { type: 'note', kind: 'correction', date: '2026-01-08', text: 'The vote opens at seven, not six.' }] });
    const update = await follower.next(Update, from);
    const corrected = (await update.getObject()) as ArticleObject;
    expect(corrected.id?.href).toBe(article.id?.href);
    expect(corrected.content?.toString()).toContain('The vote opens at seven.');

    from = follower.received.length;
    await services.articles.unpublish(draft.id);
    const deleted = await follower.next(Delete, from);
    const tombstone = await deleted.getObject();
    expect(tombstone).toBeInstanceOf(Tombstone);
    expect(tombstone?.id?.href).toBe(article.id?.href);
  });

  it('sends a members-only article with its summary and URL but never its body', async () => {
    const draft = await services.articles.create(articleInput({ headline: 'Inside the port authority', standfirst: 'What the minutes show.', access: 'members', body: [b.p('Only members read this sentence.')] }));
    const from = follower.received.length;
    const published = await services.articles.publish(draft.id);
    const create = await follower.next(Create, from);
    const article = (await create.getObject()) as ArticleObject;
    expect(article.summary?.toString()).toBe('What the minutes show.');
    expect(article.url?.toString()).toBe(`${site.url}${published.path}`);
    expect(article.content).toBeNull();
    expect(JSON.stringify(await create.toJsonLd())).not.toContain('Only members read this sentence');
  });

  it('refuses an unsigned or badly signed POST to its inbox', async () => {
    const body = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${follower.url}/forged/1`,
      type: 'Follow',
      actor: follower.actorUri().href,
      object: `${site.url}/ap/actors/publication`,
    });
    const inbox = `${site.url}/ap/actors/publication/inbox`;
    const unsigned = await fetch(inbox, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body });
    expect(unsigned.status).toBe(401);

    // Signed with a key that is not the one the reader's actor publishes.
    const stranger = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
    const forged = await signRequest(new Request(inbox, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body }), stranger.privateKey, new URL(`${follower.actorUri().href}#main-key`));
    const badly = await fetch(forged);
    expect(badly.status).toBe(401);
    expect(await services.fediverse.overview()).toMatchObject({ followers: 1 });
  });

  it('pages its outbox and its followers', async () => {
    const store = fediverseStore(fixture().database.db);
    for (let i = 0; i < 60; i++) {
      await store.addFollower(PUBLICATION, { followerUri: `https://elsewhere.example/users/${i}`, inboxUrl: `https://elsewhere.example/users/${i}/inbox`, sharedInboxUrl: null, handle: null }, new Date().toISOString());
    }
    const followers = (await (await fetch(`${site.url}/ap/actors/publication/followers`, { headers: activityJson })).json()) as { totalItems: number; first: string; orderedItems?: unknown };
    expect(followers.totalItems).toBe(61);
    expect(followers.orderedItems).toBeUndefined();
    const first = (await (await fetch(followers.first, { headers: activityJson })).json()) as { orderedItems: string[]; next: string };
    expect(first.orderedItems).toHaveLength(50);
    expect(first.orderedItems[0]).toBe(follower.actorUri().href);
    const second = (await (await fetch(first.next, { headers: activityJson })).json()) as { orderedItems: string[]; next?: string };
    expect(second.orderedItems).toHaveLength(11);
    expect(second.next).toBeUndefined();

    const outbox = (await (await fetch(`${site.url}/ap/actors/publication/outbox`, { headers: activityJson })).json()) as { totalItems: number; first: string };
    expect(outbox.totalItems).toBe(4);
    const page = (await (await fetch(outbox.first, { headers: activityJson })).json()) as { orderedItems: Array<{ type: string; object: { name?: string } | string }> };
    expect(page.orderedItems.map((a) => a.type)).toEqual(['Create', 'Delete', 'Update', 'Create']);
    expect(page.orderedItems[0]!.object).toMatchObject({ name: 'Inside the port authority' });
  });

  it('forgets a follower who takes their Follow back', async () => {
    await follower.undo(publication, follow);
    await vi.waitFor(
      async () => {
        const rows = await fixture().database.db.selectFrom('fediverse_followers').select('follower_uri').where('follower_uri', '=', follower.actorUri().href).execute();
        if (rows.length) throw new Error('still following');
      },
      { timeout: 15_000, interval: 50 },
    );
  });

  it('signs with a 2,048-bit RSA key, as Mastodon does', async () => {
    const rsa = await fixture().database.db.selectFrom('fediverse_keys').select('private_jwk').where('actor', '=', PUBLICATION).where('algorithm', '=', 'RSASSA-PKCS1-v1_5').executeTakeFirstOrThrow();
    expect(Buffer.from(JSON.parse(rsa.private_jwk).n, 'base64url').length * 8).toBe(2048);
  });

  it('tries a failed delivery again from the queue, after a restart too, signed, with the activity kept once rather than in each message', async () => {
    const db = fixture().database.db;
    // Only this inbox hears of the next article: the paging test's followers live nowhere.
    await db.deleteFrom('fediverse_followers').where('follower_uri', 'like', 'https://elsewhere.example/%').execute();
    const arrived: Array<{ signature: string | null; body: { type: string; object: { name: string } } }> = [];
    const flaky = await startTestServer(async (request) => {
      arrived.push({ signature: request.headers.get('signature'), body: await request.json() });
      return new Response(null, { status: arrived.length === 1 ? 503 : 202 });
    });
    let restarted: { services: Services; stop: () => Promise<void> } | undefined;
    try {
      await fediverseStore(db).addFollower(PUBLICATION, { followerUri: `${flaky.url}/users/flaky`, inboxUrl: `${flaky.url}/users/flaky/inbox`, sharedInboxUrl: null, handle: null }, new Date().toISOString());
      await services.articles.publish((await services.articles.create(articleInput({ headline: 'The ferry timetable' }))).id);
      await vi.waitFor(() => expect(arrived).toHaveLength(1), { timeout: 15_000, interval: 20 });
      // The site stops before the retry is due: the delivery waits in the database.
      await running.stopWorker();
      const queued = await db.selectFrom('fediverse_queue').select('message').execute();
      const retry = queued.map((r) => JSON.parse(r.message)).find((m) => m.type === 'outbox' && m.inbox === `${flaky.url}/users/flaky/inbox`);
      expect(retry).toMatchObject({ attempt: 1, keys: [expect.objectContaining({ keyId: `${site.url}/ap/actors/publication#main-key` }), expect.anything()] });
      expect(retry.activity).toBeUndefined();
      expect(JSON.stringify(retry)).not.toMatch(/"d":|privateKey/);

      const again = createServices(fixture().database, { timeZone: 'Europe/London', siteUrl: site.url, siteName: 'Test Gazette', dataDir: fixture().dataDir, fediverseAllowPrivateAddress: true });
      restarted = { services: again, stop: again.fediverse.startWorker() };
      await vi.waitFor(() => expect(arrived).toHaveLength(2), { timeout: 15_000, interval: 50 });
      expect(arrived[1]!.signature).toContain(`keyId="${site.url}/ap/actors/publication#main-key"`);
      expect(arrived[1]!.body).toMatchObject({ type: 'Create', object: { name: 'The ferry timetable' } });
      await vi.waitFor(async () => expect(await again.fediverse.queue.size()).toBe(0), { timeout: 15_000, interval: 50 });
    } finally {
      await restarted?.stop();
      await flaky.close();
    }
  });
});

describeEachDatabase('the fediverse inboxes, open to anyone', (fixture) => {
  let running: Awaited<ReturnType<typeof startFediverseSite>>;
  let services: Services;
  let site: TestServer;
  let follower: Awaited<ReturnType<typeof startFollower>>;

  beforeAll(async () => {
    // Small limits, in windows of a day so that none ends during the test.
    const day = 86_400_000;
    running = await startFediverseSite(fixture(), { fediverseInboxLimits: { perAddress: { max: 6, windowMs: day }, perHost: { max: 3, windowMs: day } } }, true);
    ({ services, site, follower } = running);
  });

  afterAll(() => running?.stop());

  it('refuses a body over 64 KB, and too many deliveries from one host or one address with 429, while a real Follow still gets in', async () => {
    const inbox = `${site.url}/ap/inbox`;
    const follow = JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: 'https://spam.example/follows/1', type: 'Follow', actor: 'https://spam.example/actor', object: `${site.url}/ap/actors/publication` });
    const post = (headers: Record<string, string> = {}, body = follow) => fetch(inbox, { method: 'POST', headers: { 'content-type': 'application/activity+json', ...headers }, body });
    const large = await post({}, JSON.stringify({ type: 'Create', content: 'x'.repeat(70 * 1024) }));
    expect(large.status).toBe(413);

    // A host's signatures are not even checked past its limit (these would fail the check: 401).
    const spam = { signature: 'keyId="https://spam.example/actor#main-key",algorithm="rsa-sha256",headers="(request-target)",signature="AAAA"' };
    for (let i = 0; i < 3; i++) expect((await post(spam)).status).toBe(401);
    const refused = await post(spam);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/^Too many deliveries from spam\.example, try again in \d+ minutes?$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another server on the same address (the fifth POST from it): its Follow is accepted.
    const publication = (await follower.lookup(new URL(`${site.url}/ap/actors/publication`))) as Actor;
    const from = follower.received.length;
    await follower.follow(publication);
    await follower.next(Accept, from);
    expect(await services.fediverse.overview()).toMatchObject({ followers: 1 });

    // The address's sixth POST is let through to the signature check; its seventh is not.
    expect((await post()).status).toBe(401);
    const tooMany = await post();
    expect(tooMany.status).toBe(429);
    expect(await tooMany.text()).toMatch(/^Too many deliveries from your address, try again in/);
    const counted = await fixture().database.db.selectFrom('rate_limits').select(['key', 'hits']).where('key', 'like', 'fediverse-inbox-%').orderBy('key').execute();
    expect(counted.map((r) => [r.key, Number(r.hits)])).toEqual([
      ['fediverse-inbox-host:127.0.0.1:' + new URL(follower.url).port, 1],
      ['fediverse-inbox-host:spam.example', 4],
      ['fediverse-inbox-ip:127.0.0.1', 7],
    ]);
  });
});

describe('the fediverse switch', () => {
  it('is off by default and never lets Fedify fetch private addresses unless a test says so', async () => {
    const { createSqliteDatabase } = await import('./support/databases.js');
    const test = await createSqliteDatabase();
    try {
      const services = createServices(test.database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir: test.dataDir });
      expect(await services.fediverse.settings.get()).toMatchObject({ enabled: false, handle: 'themeridian' });
      await expect(services.fediverse.settings.save(admin, { enabled: true, handle: 'not a handle!', description: '' })).rejects.toThrow(/handle/);
      await expect(services.fediverse.settings.save({ id: 2, role: 'writer', author_id: null }, { enabled: true, handle: 'ok', description: '' })).rejects.toThrow();
    } finally {
      await test.close();
    }
  });
});
