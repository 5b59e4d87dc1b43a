import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Role } from './users.js';
import { newToken, tokenHash } from './tokens.js';

export interface SessionPolicy {
  /** A session ends this long after sign-in, however active. */
  absoluteMs: number;
  /** …or after this long without a request. */
  idleMs: number;
}

export const defaultSessionPolicy: SessionPolicy = { absoluteMs: 7 * 24 * 3_600_000, idleMs: 8 * 3_600_000 };

/** The signed-in person behind a request. */
export interface SessionUser {
  id: number;
  role: Role;
  author_id: number | null;
  email: string;
  name: string;
}

export interface ActiveSession {
  id: number;
  csrfToken: string;
  user: SessionUser;
}

// Writing last_seen_at on every request would make each page view a write; a minute's slack is harmless.
const TOUCH_AFTER_MS = 60_000;

/** Sessions in the database: the cookie carries a random token, the table only its hash. */
export function sessionStore(db: Kysely<DB>, policy: SessionPolicy = defaultSessionPolicy, clock: () => Date = () => new Date()) {
  return {
    async create(userId: number): Promise<{ token: string; expiresAt: string }> {
      const token = newToken();
      const now = clock();
      const expiresAt = new Date(now.getTime() + policy.absoluteMs).toISOString();
      await db
        .insertInto('sessions')
        .values({ token_hash: tokenHash(token), user_id: userId, csrf_token: newToken(), created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt })
        .execute();
      return { token, expiresAt };
    },

    /** The live session for a cookie token, or undefined (expired, idle, unknown, or its account disabled). */
    async resolve(token: string): Promise<ActiveSession | undefined> {
      const now = clock();
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.id', 'sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id as user_id', 'users.role', 'users.author_id', 'users.email', 'users.name', 'users.disabled'])
        .where('sessions.token_hash', '=', tokenHash(token))
        .executeTakeFirst();
      if (!row) return undefined;
      const idleSince = now.getTime() - Date.parse(row.last_seen_at);
      if (row.disabled || Date.parse(row.expires_at) <= now.getTime() || idleSince >= policy.idleMs) {
        await db.deleteFrom('sessions').where('id', '=', row.id).execute();
        return undefined;
      }
      if (idleSince > TOUCH_AFTER_MS) await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', row.id).execute();
      return {
        id: row.id,
        csrfToken: row.csrf_token,
        user: { id: row.user_id, role: row.role as Role, author_id: row.author_id, email: row.email, name: row.name },
      };
    },

    end: async (token: string) => {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
    },

    /** Signs the account out on every device. */
    endAllFor: async (userId: number) => {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    countFor: async (userId: number) =>
      Number((await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n),
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
