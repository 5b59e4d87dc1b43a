import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';

describeEachDatabase('Integrations: API keys in the newsroom', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let admin: SignedIn;
  let editor: SignedIn;
  const doc = async (res: Response) => parseHTML(await res.text()).document;

  beforeAll(async () => {
    const { services } = fixture();
    app = createAdminTestApp(services);
    admin = await signIn(app, services, 'admin');
    editor = await signIn(app, services, 'editor');
  });

  it('an admin makes a Content API key: its secret is shown once, it reads the API, and the list shows it used', async () => {
    const empty = await doc(await adminGet(app, admin, '/admin/integrations'));
    expect(empty.querySelector('nav a[href="/admin/integrations"]')?.textContent).toBe('Integrations');

    const res = await adminPost(app, admin, '/admin/integrations', { name: 'Mobile app', kind: 'content', role: 'editor' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const made = await doc(res);
    expect(made.querySelector('#made-key-heading')?.textContent).toBe('Content API key “Mobile app” made');
    const secret = made.querySelector<HTMLInputElement>('#made-key-secret')!.getAttribute('value')!;
    expect(secret).toMatch(/^[0-9a-f]{26}$/);
    expect(made.querySelector('#made-key')?.textContent).toContain('http://localhost/ghost/api/content/posts/?key=…');

    const api = await app.request(`/ghost/api/content/settings/?key=${secret}`);
    expect(api.status).toBe(200);

    const listed = await doc(await adminGet(app, admin, '/admin/integrations'));
    expect(listed.querySelector('#made-key-secret')).toBeNull();
    expect(listed.body.textContent).not.toContain(secret);
    const row = [...listed.querySelectorAll('tbody tr')].find((tr) => tr.textContent?.includes('Mobile app'))!;
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent?.trim());
    expect(cells.slice(0, 4)).toEqual(['Mobile app', 'Content API key', '—', `${secret.slice(0, 6)}…`]);
    expect(cells[5]).not.toBe('Never');
  });

  it('an admin makes an Admin API token with a role, and revokes it after asking', async () => {
    const made = await doc(await adminPost(app, admin, '/admin/integrations', { name: 'Zapier', kind: 'admin', role: 'writer' }));
    const token = made.querySelector('#made-key-secret')!.getAttribute('value')!;
    expect(token).toMatch(/^bsadm_/);
    expect(made.querySelector('#made-key')?.textContent).toContain('It acts as a writer.');
    const identity = await fixture().services.apiKeys.authenticateAdmin(`Bearer ${token}`);
    expect(identity).toMatchObject({ name: 'Zapier', role: 'writer' });

    const list = await doc(await adminGet(app, admin, '/admin/integrations'));
    const form = list.querySelector(`form[action="/admin/integrations/${identity!.id}/revoke"]`)!;
    expect(form.closest('details')?.querySelector('summary')?.textContent).toBe('Revoke…');
    const revoked = await adminPost(app, admin, `/admin/integrations/${identity!.id}/revoke`);
    expect([revoked.status, revoked.headers.get('location')]).toEqual([303, '/admin/integrations?done=revoked']);
    expect(await fixture().services.apiKeys.authenticateAdmin(token)).toBeNull();
    const after = await doc(await adminGet(app, admin, '/admin/integrations'));
    const row = [...after.querySelectorAll('tbody tr')].find((tr) => tr.textContent?.includes('Zapier'))!;
    expect(row.querySelector('.status-failed')?.textContent).toMatch(/^Revoked /);
  });

  it('a nameless key comes back with the error on the field and the choices kept', async () => {
    const res = await adminPost(app, admin, '/admin/integrations', { name: ' ', kind: 'admin', role: 'contributor' });
    expect(res.status).toBe(422);
    const page = await doc(res);
    expect(page.querySelector('#key-name-error')?.textContent).toContain('is required');
    expect(page.querySelector<HTMLSelectElement>('#key-kind option[selected]')?.getAttribute('value')).toBe('admin');
    expect(page.querySelector('#key-role option[selected]')?.getAttribute('value')).toBe('contributor');
    expect(await fixture().database.db.selectFrom('api_keys').select('id').where('name', '=', ' ').execute()).toEqual([]);
  });

  it('is for admins only: an editor is refused and sees no link', async () => {
    expect((await adminGet(app, editor, '/admin/integrations')).status).toBe(403);
    expect((await adminPost(app, editor, '/admin/integrations', { name: 'Sneaky', kind: 'content' })).status).toBe(403);
    expect((await adminPost(app, editor, '/admin/integrations/1/revoke')).status).toBe(403);
    const dashboard = await doc(await adminGet(app, editor, '/admin'));
    expect(dashboard.querySelector('nav a[href="/admin/integrations"]')).toBeNull();
  });
});
