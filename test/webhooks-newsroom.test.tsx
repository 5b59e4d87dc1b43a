import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

describeEachDatabase('webhooks in the newsroom', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let admin: SignedIn;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    app = createAdminTestApp(fixture().services);
    admin = await signIn(app, fixture().services, 'admin');
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  const post = (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: admin.csrfToken });
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return app.request(path, { method: 'POST', body, headers: { cookie: admin.cookie, origin: 'http://localhost' } });
  };

  it('an admin adds a webhook and sees its secret once; a bad address comes back inline with the typing kept', async () => {
    const bad = await post('/admin/webhooks', { url: 'ftp://example.org/hook', description: 'Partner feed', events: ['article.published', 'member.created'] });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('must be an http:// or https:// address');
    expect(badHtml).toContain('value="ftp://example.org/hook"');
    expect(badHtml).toContain('value="Partner feed"');
    expect(badHtml).toMatch(/value="member.created"[^>]*checked/);
    const none = await post('/admin/webhooks', { url: receiver.url });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('needs at least one event');

    const made = await post('/admin/webhooks', { url: receiver.url, description: 'Slack relay', events: ['article.published', 'newsletter.issue.sent'] });
    expect(made.status).toBe(201);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const secret = /id="made-webhook-secret"[^>]*value="(whsec_[^"]+)"/.exec(await made.text())?.[1];
    expect(secret).toBeDefined();
    receiver.secret = secret!;
    const list = await (await adminGet(app, admin, '/admin/webhooks')).text();
    expect(list).toContain(receiver.url);
    expect(list).toContain('article.published, newsletter.issue.sent');
    expect(list).not.toContain(secret!);
  });

  it('"Send test" delivers a signed webhook.test, and the log shows each answer\'s code and time', async () => {
    const { services } = fixture();
    const [subscription] = (await services.webhooks.list(admin.actor)).filter((s) => s.url === receiver.url);
    receiver.answers = [500];
    const sent = await post(`/admin/webhooks/${subscription!.id}/test`, {});
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/admin/webhooks/${subscription!.id}?done=webhook-test`);
    await services.webhooks.deliverDue();
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.verified).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'webhook.test' });

    let page = await (await adminGet(app, admin, `/admin/webhooks/${subscription!.id}`)).text();
    expect(page).toContain('webhook.test');
    expect(page).toContain('Retrying');
    expect(page).toMatch(/<td>500<\/td>/);

    await post(`/admin/webhooks/${subscription!.id}/test`, {});
    await services.webhooks.deliverDue();
    await receiver.waitFor(2);
    page = await (await adminGet(app, admin, `/admin/webhooks/${subscription!.id}`)).text();
    expect(page).toMatch(/<td>200<\/td>/);
    expect(page).toContain('Delivered');
    expect(page).toMatch(/\d+ ms/);
  });

  it('is for admins: an editor is refused the page and the form', async () => {
    const editor = await signIn(app, fixture().services, 'editor');
    expect((await adminGet(app, editor, '/admin/webhooks')).status).toBe(403);
    expect((await adminPost(app, editor, '/admin/webhooks', { url: receiver.url, events: 'article.published' })).status).toBe(403);
    expect(await (await adminGet(app, editor, '/admin')).text()).not.toContain('href="/admin/webhooks"');
  });

  it('deleting a webhook stops its deliveries', async () => {
    const { services } = fixture();
    const [subscription] = (await services.webhooks.list(admin.actor)).filter((s) => s.url === receiver.url);
    const res = await post(`/admin/webhooks/${subscription!.id}/delete`, {});
    expect(res.status).toBe(303);
    expect(await services.webhooks.emit('article.published', { article: { id: 1 } })).toBe(0);
    expect((await adminGet(app, admin, `/admin/webhooks/${subscription!.id}`)).status).toBe(404);
  });
});
