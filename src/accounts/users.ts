import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { isUniqueViolation } from '../db/transaction.js';
import { ConflictError, fromZod } from '../errors.js';

export const roles = ['contributor', 'writer', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

export type User = Omit<Selectable<DB['users']>, 'password_hash'>;

export const newUserInput = z.object({
  email: z.email('must be an email address').transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, 'is required').max(200),
  role: z.enum(roles, `must be one of ${roles.join(', ')}`),
  password: z.string().min(12, 'must be at least 12 characters').max(1000),
});

// The library's Algorithm is a const enum, which isolated modules cannot import; 2 is Argon2id.
const ARGON2ID = 2;

/** Hashes with argon2id at the OWASP-recommended memory and time costs. */
export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword('no account has this password'));

/** Newsroom accounts. Passwords are only ever stored as argon2id hashes. */
export function userService(db: Kysely<DB>) {
  return {
    /** `authorId` links the author profile the account writes as (checked by the caller). */
    async add(input: z.input<typeof newUserInput>, authorId: number | null = null): Promise<User> {
      const parsed = newUserInput.safeParse(input);
      if (!parsed.success) throw fromZod('Invalid user', parsed.error);
      const u = parsed.data;
      try {
        const { password_hash: _hash, ...user } = await db
          .insertInto('users')
          .values({ email: u.email, name: u.name, role: u.role, password_hash: await hashPassword(u.password), author_id: authorId, created_at: new Date().toISOString() })
          .returningAll()
          .executeTakeFirstOrThrow();
        return user;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`A user with the email ${u.email} already exists`);
        throw error;
      }
    },

    /**
     * The enabled user whose email and password match, or undefined. An unknown email
     * still costs one argon2 verification, so timing does not reveal which accounts exist.
     */
    async authenticate(email: string, password: string): Promise<User | undefined> {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      const matches = await verify(row?.password_hash ?? (await decoyHash()), password).catch(() => false);
      if (!row || !matches || row.disabled) return undefined;
      const { password_hash: _hash, ...user } = row;
      return user;
    },

    /** Sets a new password and ends the account's unused reset links: a link asked for before the change must not undo it. */
    async setPassword(id: number, password: string, trx: Kysely<DB> = db): Promise<void> {
      const parsed = newUserInput.shape.password.safeParse(password);
      if (!parsed.success) throw fromZod('Invalid password', { issues: parsed.error.issues.map((i) => ({ ...i, path: ['password'] })) });
      await trx.updateTable('users').set({ password_hash: await hashPassword(parsed.data) }).where('id', '=', id).execute();
      await trx.deleteFrom('password_resets').where('user_id', '=', id).where('used_at', 'is', null).execute();
    },

    findByEmail: (email: string): Promise<User | undefined> =>
      db.selectFrom('users').select(['id', 'email', 'name', 'role', 'author_id', 'disabled', 'created_at']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst(),

    list: (): Promise<User[]> => db.selectFrom('users').select(['id', 'email', 'name', 'role', 'author_id', 'disabled', 'created_at']).orderBy('name').execute(),

    get: (id: number): Promise<User | undefined> =>
      db.selectFrom('users').select(['id', 'email', 'name', 'role', 'author_id', 'disabled', 'created_at']).where('id', '=', id).executeTakeFirst(),
  };
}

export type UserService = ReturnType<typeof userService>;
