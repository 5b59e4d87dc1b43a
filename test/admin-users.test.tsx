import { beforeAll, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn, submitLogin, testPassword, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { seedNewsroom } from './support/fixtures.js';

/** The inline error under the input `id`, as a person reads it. */
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">(.*?)</p>`).exec(html)?.[1]?.replace(/<[^>]+>/g, '');

describeEachDatabase('user management', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let admin: SignedIn;
  let editor: SignedIn;
  let authorId: number;
  beforeAll(async () => {
    const { services } = fixture();
    const { authors } = await seedNewsroom(services);
    authorId = authors[1]!.id;
    app = createAdminTestApp(services);
    admin = await signIn(app, services, 'admin');
    editor = await signIn(app, services, 'editor');
  });
  const users = () => fixture().services.database.db.selectFrom('users').select(['id', 'email', 'role', 'author_id', 'disabled', 'password_hash']);

  it('adds a user with a role and an author profile; they can sign in', async () => {
    const res = await adminPost(app, admin, '/admin/users', { name: 'Nia Writer', email: 'nia@newsroom.test', role: 'writer', authorId, password: 'a long first password' });
    expect(res.status).toBe(303);
    expect(await (await adminGet(app, admin, res.headers.get('location')!)).text()).toContain('<p class="toast">Created</p>');
    const row = await users().where('email', '=', 'nia@newsroom.test').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'writer', author_id: authorId, disabled: 0 });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await (await adminGet(app, admin, '/admin/users')).text()).toContain('nia@newsroom.test');
    expect((await submitLogin(app, 'nia@newsroom.test', 'a long first password')).status).toBe(303);
  });

  it('names the problem when the new user is invalid, writing nothing', async () => {
    const res = await adminPost(app, admin, '/admin/users', { name: 'Short', email: 'not-an-email', role: 'boss', password: 'short' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, 'user-email')).toBe('Error: Email must be an email address');
    expect(fieldError(html, 'user-role')).toBe('Error: Role must be one of contributor, writer, editor, admin');
    expect(fieldError(html, 'user-password')).toBe('Error: First password must be at least 12 characters');
    expect(fieldError(html, 'user-name')).toBeUndefined();
    expect(html).toContain('value="Short"');
    expect(html).not.toContain('value="short"');
    expect(await users().where('email', '=', 'not-an-email').executeTakeFirst()).toBeUndefined();
    const dup = await adminPost(app, admin, '/admin/users', { name: 'Again', email: 'nia@newsroom.test', role: 'writer', password: testPassword });
    expect(dup.status).toBe(409);
    expect(fieldError(await dup.text(), 'user-email')).toBe('Error: A user with the email nia@newsroom.test already exists');
    const noAuthor = await adminPost(app, admin, '/admin/users', { name: 'Ghost', email: 'ghost@newsroom.test', role: 'writer', authorId: 999999, password: testPassword });
    expect(fieldError(await noAuthor.text(), 'user-author')).toBe('Error: Writes as author is not an author profile');
  });

  it('changes a role and the linked author', async () => {
    const nia = await users().where('email', '=', 'nia@newsroom.test').executeTakeFirstOrThrow();
    expect((await adminPost(app, admin, `/admin/users/${nia.id}`, { role: 'editor', authorId: '' })).status).toBe(303);
    expect(await users().where('id', '=', nia.id).executeTakeFirstOrThrow()).toMatchObject({ role: 'editor', author_id: null });
  });

  it('disabling a user ends their sessions at once and blocks sign-in', async () => {
    const { services } = fixture();
    const victim = await signIn(app, services, 'writer');
    expect((await adminGet(app, victim, '/admin/articles')).status).toBe(200);
    expect((await adminPost(app, admin, `/admin/users/${victim.user.id}`, { role: 'writer', authorId: '', disabled: 'on' })).status).toBe(303);
    expect(await services.accounts.sessions.countFor(victim.user.id)).toBe(0);
    expect((await adminGet(app, victim, '/admin/articles')).headers.get('location')).toMatch(/^\/admin\/login/);
    const again = await submitLogin(app, victim.email, testPassword);
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('Email or password is wrong');
  });

  it('an admin may not disable themselves', async () => {
    const res = await adminPost(app, admin, `/admin/users/${admin.user.id}`, { role: 'admin', disabled: 'on' });
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/<div role="alert" class="form-errors"><p>You may not disable your own account/);
    expect((await users().where('id', '=', admin.user.id).executeTakeFirstOrThrow()).disabled).toBe(0);
  });

  it('refuses editors with 403, changing nothing', async () => {
    expect((await adminGet(app, editor, '/admin/users')).status).toBe(403);
    const before = await users().orderBy('id').execute();
    expect((await adminPost(app, editor, '/admin/users', { name: 'Sneaky', email: 'sneaky@newsroom.test', role: 'admin', password: testPassword })).status).toBe(403);
    expect((await adminPost(app, editor, `/admin/users/${editor.user.id}`, { role: 'admin' })).status).toBe(403);
    expect((await adminPost(app, editor, `/admin/users/${admin.user.id}`, { role: 'admin', disabled: 'on' })).status).toBe(403);
    expect(await users().orderBy('id').execute()).toEqual(before);
  });
});
