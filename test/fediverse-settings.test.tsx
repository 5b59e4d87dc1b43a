import { describe, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';

describeEachDatabase('the Fediverse block in the newsroom settings', (fixture) => {
  it('shows it off with no followers, turns it on with a handle, and keeps the typing when the handle is refused', async () => {
    const { services } = fixture();
    const app = createAdminTestApp(services);
    const admin = await signIn(app, services, 'admin');

    const before = await (await adminGet(app, admin, '/admin/settings')).text();
    expect(before).toContain('<h2 id="fediverse-heading">Fediverse</h2>');
    expect(before).toContain('Off: the publication has no fediverse address and sends nothing.');
    expect(before).toContain('0 followers.');

    const saved = await adminPost(app, admin, '/admin/settings/fediverse', { enabled: 'on', handle: 'gazette', description: 'The Gazette, on the fediverse.' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/settings?done=saved#fediverse');
    const after = await (await adminGet(app, admin, '/admin/settings')).text();
    expect(after).toContain('follow <strong>@gazette@localhost</strong>');
    expect(await services.fediverse.settings.get()).toEqual({ enabled: true, handle: 'gazette', description: 'The Gazette, on the fediverse.' });

    const refused = await adminPost(app, admin, '/admin/settings/fediverse', { enabled: 'on', handle: 'the gazette!', description: 'Kept as typed.' });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('value="the gazette!"');
    expect(page).toContain('Kept as typed.');
    expect(page).toMatch(/Handle[^<]*may use only letters, digits and _/);
    expect((await services.fediverse.settings.get()).handle).toBe('gazette');
  });

  it('refuses anyone but an admin', async () => {
    const { services } = fixture();
    const app = createAdminTestApp(services);
    const editor = await signIn(app, services, 'editor');
    const res = await adminPost(app, editor, '/admin/settings/fediverse', { enabled: 'on', handle: 'mine', description: '' });
    expect(res.status).toBe(403);
    expect((await services.fediverse.settings.get()).handle).not.toBe('mine');
  });
});

describe('fediverse settings defaults', () => {
  it('is derived from the site name', async () => {
    const { defaultHandle } = await import('../src/fediverse/fediverse-settings.js');
    expect(defaultHandle('The Meridian')).toBe('themeridian');
    expect(defaultHandle('!!!')).toBe('news');
  });
});
