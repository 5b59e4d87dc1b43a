import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { UsersTable } from '../db/tables/content.js';
import { isUniqueViolation } from '../db/transaction.js';
import { ConflictError, fromZod } from '../errors.js';

export const roles = ['contributor', 'writer', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

export type User = Omit<Selectable<UsersTable>, 'password_hash'>;

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

/** Newsroom accounts. Passwords are only ever stored as argon2id hashes. */
export function userService(db: Kysely<DB>) {
  return {
    async add(input: z.input<typeof newUserInput>): Promise<User> {
      const parsed = newUserInput.safeParse(input);
      if (!parsed.success) throw fromZod('Invalid user', parsed.error);
      const u = parsed.data;
      try {
        const { password_hash: _hash, ...user } = await db
          .insertInto('users')
          .values({ email: u.email, name: u.name, role: u.role, password_hash: await hashPassword(u.password), author_id: null, created_at: new Date().toISOString() })
          .returningAll()
          .executeTakeFirstOrThrow();
        return user;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`A user with the email ${u.email} already exists`);
        throw error;
      }
    },

    /** The user whose email and password match, or undefined. */
    async authenticate(email: string, password: string): Promise<User | undefined> {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      if (!row || !(await verify(row.password_hash, password))) return undefined;
      const { password_hash: _hash, ...user } = row;
      return user;
    },

    list: (): Promise<User[]> => db.selectFrom('users').select(['id', 'email', 'name', 'role', 'author_id', 'created_at']).orderBy('name').execute(),
  };
}

export type UserService = ReturnType<typeof userService>;
