import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { apiKeyService } from './api-keys.js';

const admin = { id: 0, role: 'admin' as const, author_id: null };
const editor = { id: 0, role: 'editor' as const, author_id: null };

describeEachDatabase('API keys', (fixture) => {
  it('makes a 26-hex-character content key, shown once, stored only as its SHA-256', async () => {
    const keys = apiKeyService(fixture().database.db);
    const { key, plaintext } = await keys.create(admin, { kind: 'content', name: 'Mobile app' });
    expect(plaintext).toMatch(/^[0-9a-f]{26}$/);
    expect(key).toMatchObject({ name: 'Mobile app', kind: 'content', role: null, prefix: plaintext.slice(0, 6), lastUsedAt: null, revokedAt: null, createdBy: null });
    const row = await fixture().database.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(plaintext);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await keys.authenticateContent(plaintext)).toEqual({ id: key.id, name: 'Mobile app', role: null });
  });

  it('makes an admin token with a role; it authenticates as a bearer token, never as a content key', async () => {
    const keys = apiKeyService(fixture().database.db);
    const { key, plaintext } = await keys.create(admin, { kind: 'admin', name: 'Zapier', role: 'editor' });
    expect(plaintext).toMatch(/^bsadm_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(plaintext.slice(0, 12));
    expect(await keys.authenticateAdmin(`Bearer ${plaintext}`)).toEqual({ id: key.id, name: 'Zapier', role: 'editor' });
    expect(await keys.authenticateAdmin(plaintext)).toEqual({ id: key.id, name: 'Zapier', role: 'editor' });
    expect(await keys.authenticateContent(plaintext)).toBeNull();
    expect(await keys.authenticateAdmin(`Bearer ${plaintext}x`)).toBeNull();
    expect(await keys.authenticateAdmin(undefined)).toBeNull();
  });

  it('refuses a nameless key, an admin token without a staff role, and anyone but an admin', async () => {
    const keys = apiKeyService(fixture().database.db);
    await expect(keys.create(admin, { kind: 'content', name: '  ' })).rejects.toThrow(ValidationError);
    await expect(keys.create(admin, { kind: 'content', name: '' })).rejects.toThrow(/name: is required/);
    await expect(keys.create(admin, { kind: 'admin', name: 'X', role: 'owner' as never })).rejects.toThrow(/role: must be one of contributor, writer, editor, admin/);
    await expect(keys.create(editor, { kind: 'content', name: 'X' })).rejects.toThrow(ForbiddenError);
    await expect(keys.list(editor)).rejects.toThrow(ForbiddenError);
    await expect(keys.revoke(editor, 1)).rejects.toThrow(ForbiddenError);
  });

  it('a revoked key stops working at once and stays in the list, saying when', async () => {
    let now = new Date('2026-12-03T10:00:00.000Z');
    const keys = apiKeyService(fixture().database.db, { now: () => now });
    const { key, plaintext } = await keys.create(admin, { kind: 'content', name: 'Old site' });
    now = new Date('2026-12-03T11:00:00.000Z');
    await keys.revoke(admin, key.id);
    expect(await keys.authenticateContent(plaintext)).toBeNull();
    const listed = (await keys.list(admin)).find((k) => k.id === key.id);
    expect(listed?.revokedAt).toBe('2026-12-03T11:00:00.000Z');
    await expect(keys.revoke(admin, key.id)).rejects.toThrow('API key ' + key.id + ' ("Old site") is already revoked');
    await expect(keys.revoke(admin, 999_999)).rejects.toThrow(NotFoundError);
  });

  it('trusts a content key it found for five seconds: revoked here it stops at once, revoked by another process within those seconds', async () => {
    let now = new Date('2026-12-03T10:00:00.000Z');
    const here = apiKeyService(fixture().database.db, { now: () => now });
    const elsewhere = apiKeyService(fixture().database.db, { now: () => now });
    const { key, plaintext } = await here.create(admin, { kind: 'content', name: 'Cached app' });
    expect(await here.authenticateContent(plaintext)).toMatchObject({ id: key.id });
    await elsewhere.revoke(admin, key.id);
    now = new Date('2026-12-03T10:00:05.000Z');
    expect(await here.authenticateContent(plaintext)).toBeNull();

    const other = await here.create(admin, { kind: 'content', name: 'Cached app 2' });
    expect(await here.authenticateContent(other.plaintext)).toMatchObject({ id: other.key.id });
    await here.revoke(admin, other.key.id);
    expect(await here.authenticateContent(other.plaintext)).toBeNull();
  });

  it('records the last use at most once a minute', async () => {
    let now = new Date('2026-12-03T10:00:00.000Z');
    const keys = apiKeyService(fixture().database.db, { now: () => now });
    const { key, plaintext } = await keys.create(admin, { kind: 'content', name: 'Reader app' });
    const lastUsed = async () => (await keys.list(admin)).find((k) => k.id === key.id)?.lastUsedAt;
    await keys.authenticateContent(plaintext);
    expect(await lastUsed()).toBe('2026-12-03T10:00:00.000Z');
    now = new Date('2026-12-03T10:00:59.000Z');
    await keys.authenticateContent(plaintext);
    expect(await lastUsed()).toBe('2026-12-03T10:00:00.000Z');
    now = new Date('2026-12-03T10:01:00.000Z');
    await keys.authenticateContent(plaintext);
    expect(await lastUsed()).toBe('2026-12-03T10:01:00.000Z');
  });

  it('lists live keys first, newest first', async () => {
    const keys = apiKeyService(fixture().database.db);
    const revoked = await keys.create(admin, { kind: 'content', name: 'List A' });
    await keys.create(admin, { kind: 'content', name: 'List B' });
    await keys.create(admin, { kind: 'content', name: 'List C' });
    await keys.revoke(admin, revoked.key.id);
    const names = (await keys.list(admin)).map((k) => k.name).filter((n) => n.startsWith('List '));
    expect(names).toEqual(['List C', 'List B', 'List A']);
  });
});
