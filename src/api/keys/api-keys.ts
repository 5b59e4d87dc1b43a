import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize } from '../../accounts/policy.js';
import { tokenHash } from '../../accounts/tokens.js';
import { roles, type Role } from '../../accounts/users.js';
import type { Actor } from '../../content/article-policy.js';
import type { DB } from '../../db/schema.js';
import { fromZod, NotFoundError } from '../../errors.js';
import { apiKeyStore, type ApiKeyKind, type ApiKeyRow } from './api-key-store.js';

/** Who a request presenting a key acts as. `role` is null for content keys, which only read. */
export interface ApiKeyIdentity {
  id: number;
  name: string;
  role: Role | null;
}

/** A key as the newsroom lists it: never the secret, only its first characters. */
export interface ApiKeySummary {
  id: number;
  name: string;
  kind: ApiKeyKind;
  role: Role | null;
  prefix: string;
  createdAt: string;
  createdBy: number | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const newApiKeyInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('content'), name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters') }),
  z.object({
    kind: z.literal('admin'),
    name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    role: z.enum(roles, `must be one of ${roles.join(', ')}`),
  }),
], 'must be content or admin');

/** Ghost's Content API keys are 26 hex characters: 13 random bytes. */
const newContentKey = () => randomBytes(13).toString('hex');
/** An admin token: 32 random bytes after a marker that says what it is when one turns up in a log or a leak scan. */
const ADMIN_TOKEN_MARKER = 'bsadm_';
const newAdminToken = () => `${ADMIN_TOKEN_MARKER}${randomBytes(32).toString('base64url')}`;
const PREFIX_LENGTH = { content: 6, admin: ADMIN_TOKEN_MARKER.length + 6 } as const;

// Writing last_used_at on every request would make each API read a write; a minute's slack is what the list shows anyway.
const TOUCH_AFTER_MS = 60_000;
/**
 * How long a content key, once found, is trusted without reading its row again: every Content
 * API request presents one. Revoking it here forgets it at once; a revocation made by another
 * process of the site is seen within this time.
 */
const CONTENT_KEY_TRUST_MS = 5_000;
/** Content keys remembered at once; past it the memory starts over (a site has a handful). */
const MAX_TRUSTED_KEYS = 1_000;

const summary = (row: ApiKeyRow): ApiKeySummary => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  role: row.role,
  prefix: row.key_prefix,
  createdAt: row.created_at,
  createdBy: row.created_by,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/**
 * API keys for the Content API (`?key=`, public by design, read-only) and the Admin API (bearer
 * tokens acting with a staff role). The secret is shown once, when made; only its SHA-256 is kept,
 * which is also how a presented secret is found. Making, listing and revoking keys is for admins.
 *
 * @example const { plaintext } = await apiKeys.create(admin, { kind: 'content', name: 'App' })
 */
export function apiKeyService(db: Kysely<DB>, options: { now?: () => Date } = {}) {
  const store = apiKeyStore(db);
  const now = options.now ?? (() => new Date());

  /** Live content keys by their secret's hash, with when they were last read and last marked used. */
  const trusted = new Map<string, { identity: ApiKeyIdentity; readAt: number; usedAt: number }>();

  async function authenticate(kind: ApiKeyKind, secret: string | null | undefined): Promise<ApiKeyIdentity | null> {
    if (!secret || secret.length > 200) return null;
    const hash = tokenHash(secret);
    const at = now();
    const known = kind === 'content' ? trusted.get(hash) : undefined;
    if (known && at.getTime() - known.readAt < CONTENT_KEY_TRUST_MS) {
      if (at.getTime() - known.usedAt >= TOUCH_AFTER_MS) {
        known.usedAt = at.getTime();
        await store.touch(known.identity.id, at.toISOString());
      }
      return known.identity;
    }
    trusted.delete(hash);
    const row = await store.liveByHash(kind, hash);
    if (!row) return null;
    let usedAt = row.last_used_at ? Date.parse(row.last_used_at) : -Infinity;
    if (at.getTime() - usedAt >= TOUCH_AFTER_MS) {
      usedAt = at.getTime();
      await store.touch(row.id, at.toISOString());
    }
    const identity = { id: row.id, name: row.name, role: row.role };
    if (kind === 'content') {
      if (trusted.size >= MAX_TRUSTED_KEYS) trusted.clear();
      trusted.set(hash, { identity, readAt: at.getTime(), usedAt });
    }
    return identity;
  }

  return {
    /** Makes a key; `plaintext` is the only time the secret is ever available. */
    async create(actor: Actor, input: z.input<typeof newApiKeyInput>): Promise<{ key: ApiKeySummary; plaintext: string }> {
      authorize(actor, 'settings.manage');
      const parsed = newApiKeyInput.safeParse(input);
      if (!parsed.success) throw fromZod('Invalid API key', parsed.error);
      const plaintext = parsed.data.kind === 'content' ? newContentKey() : newAdminToken();
      const row = await store.insert({
        name: parsed.data.name,
        kind: parsed.data.kind,
        role: parsed.data.kind === 'admin' ? parsed.data.role : null,
        key_prefix: plaintext.slice(0, PREFIX_LENGTH[parsed.data.kind]),
        secret_hash: tokenHash(plaintext),
        created_at: now().toISOString(),
        // The command line acts as user 0, which is no row in users.
        created_by: actor.id > 0 ? actor.id : null,
      });
      return { key: summary(row), plaintext };
    },

    async list(actor: Actor): Promise<ApiKeySummary[]> {
      authorize(actor, 'settings.manage');
      return (await store.list()).map(summary);
    },

    /** Stops a key working at once; revoking a revoked key is refused, naming it. */
    async revoke(actor: Actor, id: number): Promise<ApiKeySummary> {
      authorize(actor, 'settings.manage');
      for (const [hash, { identity }] of trusted) if (identity.id === id) trusted.delete(hash);
      if (!(await store.revoke(id, now().toISOString()))) {
        const existing = await store.byId(id);
        throw new NotFoundError(existing ? `API key ${id} ("${existing.name}") is already revoked` : `There is no API key ${id}`);
      }
      return summary((await store.byId(id))!);
    },

    /** The content key's identity, or null for a missing, unknown or revoked key. */
    authenticateContent: (key: string | null | undefined) => authenticate('content', key),

    /** The admin token's identity (with its role), or null; accepts the token alone or a whole `Bearer …` header. */
    authenticateAdmin: (bearerToken: string | null | undefined) => authenticate('admin', bearerToken?.replace(/^Bearer\s+/i, '').trim()),
  };
}

export type ApiKeyService = ReturnType<typeof apiKeyService>;
