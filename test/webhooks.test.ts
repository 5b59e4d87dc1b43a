import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import type { Actor } from '../src/content/article-policy.js';
import { readerAccountService } from '../src/readers/reader-accounts.js';
import { openRuntime } from '../src/runtime.js';
import { startServer } from '../src/server.js';
import { startDeliveries } from '../src/webhooks/delivery-thread.js';
import { webhookService } from '../src/webhooks/webhook-service.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, reader, seedNewsroom } from './support/fixtures.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const admin: Actor = { id: 0, role: 'admin', author_id: null };
const editor: Actor = { id: 0, role: 'editor', author_id: null };

describeEachDatabase('webhooks', (fixture) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    await seedNewsroom(fixture().services);
  });
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    // Each test starts with no subscriptions, so deliveries are only its own.
    await fixture().database.db.deleteFrom('webhook_subscriptions').execute();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('publishing an article sends a signed article.published delivery to the subscribed endpoint, and nothing to others', async () => {
    const { services } = fixture();
    const { secret } = await services.webhooks.create(admin, { url: receiver.url, events: ['article.published', 'article.unpublished'] });
    receiver.secret = secret;
    await services.webhooks.create(admin, { url: `${receiver.url}/members`, events: ['member.created'] });
    const draft = await services.editorial.create(editor, articleInput({ headline: 'Harbour strike ends' }));
    await services.editorial.publish(editor, draft.id);
    await services.webhooks.queued();
    expect(await services.webhooks.deliverDue()).toBe(1);

    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.verified).toBe(true);
    expect(delivery!.headers['x-broadsheet-event']).toBe('article.published');
    const body = JSON.parse(delivery!.body);
    expect(body).toMatchObject({ event: 'article.published', id: delivery!.headers['x-broadsheet-delivery'], data: { article: { id: draft.id, headline: 'Harbour strike ends', status: 'published' } } });
    expect(body.data.article.url).toMatch(/^http:\/\/localhost\/world\/\d{4}\/\d{2}\//);
    expect(body.data.article).not.toHaveProperty('body');
    expect((await services.webhooks.delivery(body.id))).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200 });

    // A save while live is article.updated, which this endpoint did not ask for; unpublishing is.
    await services.editorial.save(editor, draft.id, { standfirst: 'Corrected.' }, (await services.articles.get(draft.id))!.version);
    await services.editorial.unpublish(editor, draft.id);
    await services.webhooks.queued();
    await services.webhooks.deliverDue();
    const all = await receiver.waitFor(2);
    expect(all.map((d) => d.headers['x-broadsheet-event'])).toEqual(['article.published', 'article.unpublished']);
  });

  it("a complimentary membership given in the newsroom sends member.updated with the reader's record", async () => {
    const { services } = fixture();
    const { secret } = await services.webhooks.create(admin, { url: receiver.url, events: ['member.updated'] });
    receiver.secret = secret;
    const readerId = await reader(services, 'ines@example.org', { name: 'Inês' });
    await services.memberAdmin.grant({ ...editor, name: 'Desk' }, readerId, '');
    await services.webhooks.queued();
    await services.webhooks.deliverDue();
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.verified).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'member.updated', data: { member: { id: readerId, email: 'ines@example.org', name: 'Inês' } } });
  });

  it('a new reader signing up sends member.created once; signing in again later sends nothing more', async () => {
    const { services, database } = fixture();
    const { secret } = await services.webhooks.create(admin, { url: receiver.url, events: ['member.created'] });
    receiver.secret = secret;
    const sink = await startSmtpSink();
    try {
      const accounts = readerAccountService(database.db, { smtpUrl: sink.url, siteUrl: 'http://localhost', timeZone: 'Europe/London' }, { linkTokens: services.newsletters.tokens, events: services.events });
      await accounts.requestSignIn('noor@example.org', '127.0.0.1');
      await accounts.settled();
      await accounts.requestSignIn('noor@example.org', '127.0.0.1');
      await accounts.settled();
      await services.webhooks.queued();
      expect(await services.webhooks.deliverDue()).toBe(1);
      const [delivery] = await receiver.waitFor(1);
      expect(delivery!.verified).toBe(true);
      expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'member.created', data: { member: { email: 'noor@example.org' } } });
    } finally {
      await sink.close();
    }
  });

  it('a tampered body does not verify against the signature that came with it', async () => {
    const { services } = fixture();
    const { secret } = await services.webhooks.create(admin, { url: receiver.url, events: ['article.published'] });
    receiver.secret = secret;
    await services.webhooks.emit('article.published', { article: { id: 1 } });
    await services.webhooks.deliverDue();
    const [delivery] = await receiver.waitFor(1);
    const { verifySignature } = await import('../src/webhooks/signature.js');
    const header = delivery!.headers['x-broadsheet-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, delivery!.body, header)).toBe(true);
    expect(verifySignature(secret, delivery!.body.replace('"id":1', '"id":2'), header)).toBe(false);
  });

  it('an endpoint answering 500 gets the same delivery again after the backoff, and 200 ends it', async () => {
    const { services, database } = fixture();
    let clock = new Date('2026-03-02T10:00:00Z');
    const webhooks = webhookService(database, { siteUrl: 'http://localhost', now: () => clock });
    const { secret } = await webhooks.create(admin, { url: receiver.url, events: ['newsletter.issue.sent'] });
    receiver.secret = secret;
    receiver.now = () => clock;
    receiver.answers = [500];
    await webhooks.emit('newsletter.issue.sent', { issue: { id: 9 } });
    expect(await webhooks.deliverDue()).toBe(1);
    const [first] = await receiver.waitFor(1);
    const key = first!.headers['x-broadsheet-delivery'] as string;
    expect(await webhooks.delivery(key)).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500, last_error: 'answered 500', next_attempt_at: '2026-03-02T10:00:30.000Z' });

    // Not due yet: nothing goes.
    clock = new Date('2026-03-02T10:00:20Z');
    expect(await webhooks.deliverDue()).toBe(0);
    clock = new Date('2026-03-02T10:00:31Z');
    expect(await webhooks.deliverDue()).toBe(1);
    const [, second] = await receiver.waitFor(2);
    expect(second!.headers['x-broadsheet-delivery']).toBe(key);
    expect(second!.body).toBe(first!.body);
    expect(second!.verified).toBe(true);
    expect(await webhooks.delivery(key)).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200, last_error: null });
    void services;
  });

  it('a delivery that keeps failing is retried with growing gaps for 24 hours, then marked failed', async () => {
    const { database } = fixture();
    const start = new Date('2026-03-03T08:00:00Z');
    let clock = start;
    const webhooks = webhookService(database, { siteUrl: 'http://localhost', now: () => clock });
    await webhooks.create(admin, { url: receiver.url, events: ['member.created'] });
    receiver.answers = Array.from({ length: 100 }, () => 503);
    await webhooks.emit('member.created', { member: { id: 1 } });
    const gaps: number[] = [];
    let row;
    for (let attempt = 1; attempt < 100; attempt++) {
      expect(await webhooks.deliverDue()).toBe(1);
      await receiver.waitFor(attempt);
      row = await webhooks.delivery(JSON.parse(receiver.received[0]!.body).id);
      if (row!.status !== 'pending') break;
      gaps.push(Date.parse(row!.next_attempt_at) - clock.getTime());
      clock = new Date(row!.next_attempt_at);
    }
    expect(row).toMatchObject({ status: 'failed', last_status_code: 503 });
    expect(gaps.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    // Every attempt within the day after the event, the last in its final hours.
    expect(clock.getTime() - start.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
    expect(clock.getTime() - start.getTime()).toBeGreaterThan(18 * 3_600_000);
    expect(row!.attempts).toBe(receiver.received.length);
    clock = new Date(start.getTime() + 48 * 3_600_000);
    expect(await webhooks.deliverDue()).toBe(0);
  });

  it('two workers claiming at once never both take a delivery', async () => {
    const { database } = fixture();
    const one = webhookService(database, { siteUrl: 'http://localhost' });
    const two = webhookService(database, { siteUrl: 'http://localhost' });
    await one.create(admin, { url: receiver.url, events: ['article.updated'] });
    for (let i = 0; i < 40; i++) await one.emit('article.updated', { article: { id: i } });
    const sent = await Promise.all([one.deliverDue(25), two.deliverDue(25), one.deliverDue(25), two.deliverDue(25)]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(40);
    const ids = receiver.received.map((r) => r.headers['x-broadsheet-delivery']);
    expect(new Set(ids).size).toBe(40);
  });

  it("the server sends deliveries from a thread of its own, with its own connection, which also reads and queues the events, and stops them cleanly", async () => {
    const { dataDir, databaseUrl } = fixture();
    const runtime = await openRuntime({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent', ANALYTICS: 'off' });
    const server = await startServer(runtime);
    try {
      const { secret } = await runtime.services.webhooks.create(admin, { url: receiver.url, events: ['article.updated', 'article.published'] });
      receiver.secret = secret;
      await runtime.services.webhooks.emit('article.updated', { article: { id: 7 } });
      const [delivery] = await receiver.waitFor(1);
      expect(delivery!.verified).toBe(true);
      await vi.waitFor(async () => expect(await runtime.services.webhooks.delivery(String(delivery!.headers['x-broadsheet-delivery']))).toMatchObject({ status: 'delivered', attempts: 1 }), { timeout: 10_000, interval: 50 });

      // With the thread running, a publication's event is read and queued there: the server's
      // thread, which answers the editor, neither loads the payload nor writes the deliveries.
      const queuedHere = vi.spyOn(runtime.services.webhooks, 'emitAbout');
      const draft = await runtime.services.articles.create(articleInput({ headline: 'Handed to the delivery thread' }));
      const article = await runtime.services.articles.publish(draft.id);
      const [, published] = await receiver.waitFor(2);
      expect(JSON.parse(published!.body)).toMatchObject({ event: 'article.published', data: { article: { id: article.id, headline: 'Handed to the delivery thread' } } });
      expect(published!.verified).toBe(true);
      expect(queuedHere).not.toHaveBeenCalled();
    } finally {
      await server.stop();
      await runtime.close();
    }
  });

  it('starts the delivery thread (a heap of its own) only once the site has somewhere to deliver', async () => {
    const { dataDir, databaseUrl } = fixture();
    const runtime = await openRuntime({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent', ANALYTICS: 'off' });
    let deliveries = startDeliveries(runtime);
    try {
      // The site has asked itself and found no subscription, no fediverse, nothing queued.
      await sleep(500);
      expect(deliveries.running()).toBe(false);
      const { secret } = await runtime.services.webhooks.create(admin, { url: receiver.url, events: ['article.updated'] });
      receiver.secret = secret;
      await runtime.services.webhooks.emit('article.updated', { article: { id: 8 } });
      expect(deliveries.running()).toBe(true);
      expect((await receiver.waitFor(1))[0]!.verified).toBe(true);
      await deliveries.stop();
      // A site that has a subscription when the server starts has the thread from the start.
      deliveries = startDeliveries(runtime);
      await vi.waitFor(() => expect(deliveries.running()).toBe(true), { timeout: 5_000, interval: 20 });
    } finally {
      await deliveries.stop();
      await runtime.close();
    }
  });

  it('refuses a subscription with a non-http URL or no events, naming the field, and only admins may subscribe', async () => {
    const { services } = fixture();
    await expect(services.webhooks.create(admin, { url: 'javascript:alert(1)', events: ['article.published'] })).rejects.toThrow(/url: must be an http:\/\/ or https:\/\/ address/);
    await expect(services.webhooks.create(admin, { url: receiver.url, events: [] })).rejects.toThrow(/events: needs at least one event/);
    await expect(services.webhooks.create(admin, { url: receiver.url, events: ['article.deleted' as 'article.published'] })).rejects.toThrow(/events\.0: must be one of/);
    await expect(services.webhooks.create(editor, { url: receiver.url, events: ['article.published'] })).rejects.toThrow(/needs the admin role/);
  });
});
