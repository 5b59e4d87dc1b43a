import { randomUUID } from 'node:crypto';
import { Article as ArticleObject, Create, Delete, PUBLIC_COLLECTION, Tombstone, Update, type Recipient } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import { articleObject, fingerprint } from './article-object.js';
import { audienceOf, broadsheetFederation, type FederationOptions } from './federation.js';
import { PUBLICATION } from './federation-ids.js';
import { outboxDelivery } from './outbox-delivery.js';

/**
 * The part of the fediverse that needs Fedify (a large library, loaded when the fediverse is
 * first used, not by every command): the federation, and the job that tells followers what
 * became of an article.
 */
export function fediversePublisher(options: FederationOptions) {
  const { store, settings, siteUrl } = options;
  const now = () => options.now?.() ?? new Date();
  const { federation, factsOf } = broadsheetFederation(options);
  const signingKeys = new Map<string, Promise<CryptoKey>>();
  /** A private key of one of the site's actors by its id (…/ap/actors/{identifier}#main-key), from the same pairs the actor shows. */
  function signingKey(keyId: string): Promise<CryptoKey> {
    let key = signingKeys.get(keyId);
    if (!key) {
      key = (async () => {
        const ctx = federation.createContext(new URL(siteUrl), undefined);
        const owner = ctx.parseUri(new URL(keyId));
        const pairs = owner?.type === 'actor' ? await ctx.getActorKeyPairs(owner.identifier) : [];
        const pair = pairs.find((p) => p.keyId.href === keyId);
        if (!pair) throw new Error(`No key ${keyId} to sign a delivery with`);
        return pair.privateKey;
      })();
      signingKeys.set(keyId, key);
      key.catch(() => signingKeys.delete(keyId));
    }
    return key;
  }
  const outbox = outboxDelivery({ kv: options.kv, signingKey, enqueue: (message, opts) => options.queue.enqueue(message, opts), onError: options.onError, now });

  /** Tells followers what became of an article, once: of two workers on the same news, one sends. */
  async function federateArticle(articleId: number): Promise<void> {
    if (!(await settings.get()).enabled) return;
    const article = await options.loadArticle(articleId);
    const state = await store.articleState(articleId);
    const ctx = federation.createContext(new URL(siteUrl), undefined);
    const at = now();
    const actor = ctx.getActorUri(PUBLICATION);
    const activityId = (type: string, objectId: URL) => new URL(`#${type}-${randomUUID()}`, objectId);
    let activity: Create | Update | Delete;
    if (article?.status === 'published') {
      const facts = factsOf(ctx, article);
      const print = fingerprint(facts);
      const type = !state || state.state === 'deleted' ? 'create' : state.fingerprint !== print ? 'update' : undefined;
      if (!type || !(await store.moveArticle(articleId, state, { state: 'live', fingerprint: print }, at.toISOString()))) return;
      const values = { id: activityId(type, facts.objectId), actor, object: articleObject(facts), published: Temporal.Instant.from(at.toISOString()), to: PUBLIC_COLLECTION, ccs: facts.followers };
      activity = type === 'create' ? new Create(values) : new Update(values);
    } else {
      if (state?.state !== 'live' || !(await store.moveArticle(articleId, state, { state: 'deleted', fingerprint: '' }, at.toISOString()))) return;
      const objectId = ctx.getObjectUri(ArticleObject, { id: String(articleId) });
      activity = new Delete({
        id: activityId('delete', objectId),
        actor,
        object: new Tombstone({ id: objectId, deleted: Temporal.Instant.from(at.toISOString()) }),
        published: Temporal.Instant.from(at.toISOString()),
        to: PUBLIC_COLLECTION,
        ccs: [ctx.getFollowersUri(PUBLICATION)],
      });
    }
    const audience = article ? audienceOf(article) : [PUBLICATION];
    const recipients: Recipient[] = (await store.followers(audience)).map((f) => ({
      id: new URL(f.followerUri),
      inboxId: new URL(f.inboxUrl),
      endpoints: f.sharedInboxUrl ? { sharedInbox: new URL(f.sharedInboxUrl) } : null,
    }));
    await store.addActivity(PUBLICATION, activity instanceof Create ? 'Create' : activity instanceof Update ? 'Update' : 'Delete', articleId, await activity.toJsonLd({ format: 'compact', contextLoader: ctx.contextLoader }), at.toISOString());
    if (recipients.length) await ctx.sendActivity({ identifier: PUBLICATION }, recipients, activity, { preferSharedInbox: true });
  }

  return { federation, federateArticle, deliver: outbox.deliver, storeOutbox: outbox.store };
}

export type FediversePublisher = ReturnType<typeof fediversePublisher>;
