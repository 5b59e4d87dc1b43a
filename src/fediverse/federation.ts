import { randomUUID } from 'node:crypto';
import {
  Accept,
  Activity,
  Article as ArticleObject,
  createFederation,
  Endpoints,
  exportJwk,
  Follow,
  generateCryptoKeyPair,
  Image,
  importJwk,
  Organization,
  Person,
  Undo,
  type Actor,
  type Context,
  type Federation,
  type KvStore,
  type MessageQueue,
  type Recipient,
} from '@fedify/fedify';
import type { Article } from '../content/article-store.js';
import { brandIcons } from '../reader-ui/brand.js';
import { authorActor, authorIdOf, PUBLICATION } from './federation-ids.js';
import { absoluteUrl, articleFacts, articleObject, type ArticleFacts } from './article-object.js';
import type { FediverseSettingsService } from './fediverse-settings.js';
import type { FediverseStore } from './fediverse-store.js';


/**
 * New actors' RSA keys are 2,048 bits, as Mastodon's own: Fedify's default of 4,096 makes every
 * delivery's HTTP signature about eight times dearer. Keys made before stay as they are: other
 * servers have them cached under the same key id, and replacing one would fail their checks
 * until they fetched it again.
 */
const generateRsaKeyPair = () =>
  crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);

/** Collections are served a page at a time. */
export const FOLLOWERS_PAGE = 50;
export const OUTBOX_PAGE = 20;

export interface FederationOptions {
  siteUrl: string;
  siteName: string;
  kv: KvStore;
  queue: MessageQueue;
  store: FediverseStore;
  settings: FediverseSettingsService;
  loadArticle(id: number): Promise<Article | undefined>;
  /** Only for tests on loopback: lets Fedify fetch actors and keys from private addresses. Never on by default. */
  allowPrivateAddress?: boolean;
  now?: () => Date;
  onError?: (error: unknown, what: string) => void;
}

/**
 * The site on the fediverse, with Fedify: the publication and each author as actors (found by
 * WebFinger as @handle@host), their inboxes (Follow is accepted and kept, Undo removes it),
 * outboxes and followers as paginated collections, each article as an object, NodeInfo, and the
 * key pairs that sign everything sent. Fedify signs and verifies the HTTP signatures itself.
 */
export function broadsheetFederation(options: FederationOptions): { federation: Federation<void>; articleIds(ctx: Context<void>, article: Article): { objectId: URL; attributions: URL[]; followers: URL[] }; factsOf(ctx: Context<void>, article: Article): ArticleFacts } {
  const { store, settings, siteUrl } = options;
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const federation = createFederation<void>({
    kv: options.kv,
    queue: options.queue,
    // The server starts the worker; a command that publishes only enqueues.
    manuallyStartQueue: true,
    origin: siteUrl,
    allowPrivateAddress: options.allowPrivateAddress ?? false,
    onOutboxError: (error) => options.onError?.(error, 'delivery failed; Fedify retries it'),
  });

  /** Who an identifier is, while the fediverse is on: the publication, or an author who exists. */
  async function actorOf(identifier: string) {
    const config = await settings.get();
    if (!config.enabled) return undefined;
    if (identifier === PUBLICATION) return { kind: 'publication' as const, config };
    const id = authorIdOf(identifier);
    const author = id === undefined ? undefined : await store.author({ id });
    return author && { kind: 'author' as const, config, author };
  }

  // Key pairs are generated once per actor and kept in the database; imported keys are remembered here.
  const keyCache = new Map<string, Promise<CryptoKeyPair[]>>();
  async function loadKeyPairs(identifier: string): Promise<CryptoKeyPair[]> {
    let stored = await store.keyPairs(identifier);
    if (stored.length < 2) {
      for (const algorithm of ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const) {
        if (stored.some((k) => k.algorithm === algorithm)) continue;
        const pair = algorithm === 'RSASSA-PKCS1-v1_5' ? await generateRsaKeyPair() : await generateCryptoKeyPair(algorithm);
        await store.addKeyPair(identifier, { algorithm, privateJwk: await exportJwk(pair.privateKey), publicJwk: await exportJwk(pair.publicKey) }, now());
      }
      stored = await store.keyPairs(identifier);
    }
    return Promise.all(stored.map(async (k) => ({ privateKey: await importJwk(k.privateJwk, 'private'), publicKey: await importJwk(k.publicJwk, 'public') })));
  }
  const keyPairs = (identifier: string) => {
    let pairs = keyCache.get(identifier);
    if (!pairs) {
      pairs = loadKeyPairs(identifier);
      keyCache.set(identifier, pairs);
      pairs.catch(() => keyCache.delete(identifier));
    }
    return pairs;
  };

  federation
    .setActorDispatcher('/ap/actors/{identifier}', async (ctx, identifier) => {
      const actor = await actorOf(identifier);
      if (!actor) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      const common = {
        id: ctx.getActorUri(identifier),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey,
        assertionMethods: keys.map((k) => k.multikey),
        manuallyApprovesFollowers: false,
        discoverable: true,
      };
      if (actor.kind === 'publication') {
        return new Organization({
          ...common,
          preferredUsername: actor.config.handle,
          name: options.siteName,
          summary: actor.config.description,
          url: new URL('/', siteUrl),
          icon: new Image({ url: new URL('/static/brand/icon-512.png', siteUrl), mediaType: 'image/png' }),
          image: new Image({ url: new URL(brandIcons.svg, siteUrl), mediaType: 'image/svg+xml' }),
        });
      }
      const photo = absoluteUrl(actor.author.photoUrl, siteUrl);
      return new Person({
        ...common,
        preferredUsername: actor.author.slug,
        name: actor.author.name,
        summary: actor.author.bio || null,
        url: new URL(`/author/${actor.author.slug}`, siteUrl),
        icon: photo && new Image({ url: photo }),
      });
    })
    .mapHandle(async (_ctx, username) => {
      const config = await settings.get();
      if (!config.enabled) return null;
      if (username.toLowerCase() === config.handle.toLowerCase()) return PUBLICATION;
      const author = await store.author({ slug: username });
      return author ? authorActor(author.id) : null;
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => ((await actorOf(identifier)) ? keyPairs(identifier) : []));

  federation.setObjectDispatcher(ArticleObject, '/ap/articles/{id}', async (ctx, { id }) => {
    if (!(await settings.get()).enabled || !/^\d+$/.test(id)) return null;
    const article = await options.loadArticle(Number(id));
    if (!article || article.status !== 'published') return null;
    return articleObject(factsOf(ctx, article));
  });

  federation
    .setFollowersDispatcher('/ap/actors/{identifier}/followers', async (_ctx, identifier, cursor) => {
      if (!(await actorOf(identifier))) return null;
      // No cursor: every follower at once, as Fedify asks when it sends to "followers".
      const after = cursor === null ? 0 : Number(cursor);
      if (!Number.isSafeInteger(after) || after < 0) return null;
      const rows = await store.followers([identifier], after, cursor === null ? undefined : FOLLOWERS_PAGE);
      const items: Recipient[] = rows.map((r) => ({
        id: new URL(r.followerUri),
        inboxId: new URL(r.inboxUrl),
        endpoints: r.sharedInboxUrl ? { sharedInbox: new URL(r.sharedInboxUrl) } : null,
      }));
      return { items, nextCursor: cursor !== null && rows.length === FOLLOWERS_PAGE ? String(rows.at(-1)!.id) : null };
    })
    .setFirstCursor(() => '0')
    .setCounter((_ctx, identifier) => store.followerCount(identifier));

  federation
    .setOutboxDispatcher('/ap/actors/{identifier}/outbox', async (ctx, identifier, cursor) => {
      if (!(await actorOf(identifier)) || cursor === null) return null;
      const before = Number(cursor);
      if (!Number.isSafeInteger(before) || before < 0) return null;
      const rows = await store.activities(identifier, before, OUTBOX_PAGE);
      const items = await Promise.all(rows.map((r) => Activity.fromJsonLd(r.activity, { contextLoader: ctx.contextLoader, documentLoader: ctx.documentLoader })));
      return { items, nextCursor: rows.length === OUTBOX_PAGE ? String(rows.at(-1)!.id) : null };
    })
    .setFirstCursor(() => '0')
    .setCounter((_ctx, identifier) => store.activityCount(identifier));

  federation
    .setInboxListeners('/ap/actors/{identifier}/inbox', '/ap/inbox')
    .on(Follow, async (ctx, follow) => {
      if (follow.id === null || follow.objectId === null) return;
      const target = ctx.parseUri(follow.objectId);
      if (target?.type !== 'actor' || !(await actorOf(target.identifier))) return;
      const follower = await follow.getActor(ctx);
      if (!follower?.id || !follower.inboxId) return;
      await store.addFollower(
        target.identifier,
        {
          followerUri: follower.id.href,
          inboxUrl: follower.inboxId.href,
          sharedInboxUrl: follower.endpoints?.sharedInbox?.href ?? null,
          handle: follower.preferredUsername ? `@${follower.preferredUsername}@${follower.id.host}` : null,
        },
        now(),
      );
      const accept = new Accept({ id: new URL(`#accepts/${randomUUID()}`, ctx.getActorUri(target.identifier)), actor: ctx.getActorUri(target.identifier), object: follow });
      await ctx.sendActivity({ identifier: target.identifier }, follower as Actor, accept);
    })
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx);
      if (!(object instanceof Follow) || undo.actorId === null || object.objectId === null) return;
      // Only the follower may take back their own Follow (Fedify has checked the signature is theirs).
      if (object.actorId !== null && object.actorId.href !== undo.actorId.href) return;
      const target = ctx.parseUri(object.objectId);
      if (target?.type === 'actor') await store.removeFollower(target.identifier, undo.actorId.href);
    })
    .onError((_ctx, error) => options.onError?.(error, 'an incoming activity failed'));

  federation.setNodeInfoDispatcher('/nodeinfo/2.1', async () => ({
    software: { name: 'broadsheet', version: { major: 0, minor: 1, patch: 0, build: [], prerelease: [] } },
    protocols: ['activitypub'],
    openRegistrations: false,
    usage: { users: {}, localPosts: 0, localComments: 0 },
  }));

  /** The ids an article's object carries: its own, who it is by (authors, then the publication), and whose followers see it. */
  function articleIds(ctx: Context<void>, article: Article) {
    const actors = [...article.authors.map((a) => authorActor(a.id)), PUBLICATION];
    return {
      objectId: ctx.getObjectUri(ArticleObject, { id: String(article.id) }),
      attributions: actors.map((a) => ctx.getActorUri(a)),
      followers: [PUBLICATION, ...article.authors.map((a) => authorActor(a.id))].map((a) => ctx.getFollowersUri(a)),
    };
  }
  const factsOf = (ctx: Context<void>, article: Article) => articleFacts(article, articleIds(ctx, article), siteUrl);

  return { federation, articleIds, factsOf };
}

/** The actors whose followers hear of an article: the publication and its authors. */
export const audienceOf = (article: Article) => [PUBLICATION, ...article.authors.map((a) => authorActor(a.id))];
