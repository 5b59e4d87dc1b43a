import type { Kysely } from 'kysely';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import type { Actor } from '../content/article-policy.js';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { BroadsheetError, ConflictError, fromZod, NotFoundError } from '../errors.js';
import { rateLimiter, TooManyRequestsError } from '../limits/rate-limiter.js';
import { createMailTransport } from '../mail/transport.js';
import { backgroundTasks } from './background-tasks.js';
import { loginThrottle, type ThrottleLimits } from './login-throttle.js';
import { passwordResetStore } from './password-reset.js';
import { authorize } from './policy.js';
import { sessionStore, type SessionPolicy } from './session-store.js';
import { newUserInput, roles, type User, type UserService } from './users.js';

/** Email or password wrong, or the account disabled: one message, so nothing is revealed. */
export class LoginError extends BroadsheetError {
  override name = 'LoginError';
  override readonly status = 401;
  constructor() {
    super('Email or password is wrong');
  }
}

export interface AccountConfig {
  siteUrl?: string;
  siteName?: string;
  smtpUrl?: string;
  mailFrom?: string;
  sessions?: SessionPolicy;
  throttle?: ThrottleLimits;
  clock?: () => Date;
  /** Where reset emails that could not be sent are reported; silent when not given. */
  logger?: Logger;
}

const HOUR = 3_600_000;
/** Reset emails per account and reset requests per client address, per hour: enough for a typo, too few to flood an inbox. */
export const resetLimits = { perAccount: 3, perAddress: 10 };

const accountChange = z
  .object({
    role: z.enum(roles, `must be one of ${roles.join(', ')}`).optional(),
    authorId: z.number().int().positive().nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/**
 * Signing in and out, password resets, and the admins' management of accounts.
 * Every change made on someone's behalf checks the policy first.
 */
export function accountService(db: Kysely<DB>, users: UserService, config: AccountConfig = {}) {
  const sessions = sessionStore(db, config.sessions, config.clock);
  const throttle = loginThrottle(db, config.throttle, config.clock);
  const resets = passwordResetStore(db, config.clock);
  const limits = rateLimiter(db, config.clock);
  const logger = config.logger ?? pino({ level: 'silent' });
  const background = backgroundTasks((error) => logger.error({ err: error }, 'password reset email failed'));
  const siteUrl = (config.siteUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const siteName = config.siteName ?? 'Broadsheet';

  async function sendResetMail(user: User, token: string) {
    const link = `${siteUrl}/admin/reset/${token}`;
    const mail = createMailTransport(config.smtpUrl, { pooled: false });
    try {
      await mail.send({
        from: config.mailFrom ?? `${siteName} <newsroom@localhost>`,
        to: user.email,
        subject: `Reset your ${siteName} newsroom password`,
        text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset the password of your ${siteName} newsroom account.\nChoose a new one here within the hour:\n\n${link}\n\nThe link works once. If you did not ask, ignore this email: your password stays as it is.\n`,
      });
    } finally {
      mail.close();
    }
  }

  async function target(id: number): Promise<User> {
    const user = await users.get(id);
    if (!user) throw new NotFoundError(`No account with id ${id}`);
    return user;
  }

  async function assertAuthor(authorId: number) {
    if (!(await db.selectFrom('authors').select('id').where('id', '=', authorId).executeTakeFirst())) {
      throw fromZod('Invalid account', { issues: [{ path: ['author'], message: 'is not an author profile' }] });
    }
  }

  return {
    sessions,

    /** Counts the attempt against the limits, then checks the password; answers a new session's cookie token. */
    async login(email: string, password: string, ip: string): Promise<{ token: string; expiresAt: string; user: User }> {
      const address = email.trim().toLowerCase();
      const attempt = await throttle.attempt(address, ip);
      const user = await users.authenticate(address, password);
      if (!user) {
        await attempt.failed();
        throw new LoginError();
      }
      await attempt.succeeded();
      return { ...(await sessions.create(user.id)), user };
    },

    logout: (token: string) => sessions.end(token),

    signOutEverywhere: (userId: number) => sessions.endAllFor(userId),

    /**
     * Emails a reset link when the address belongs to an enabled account, within the limits;
     * silent otherwise. Runs after the request has answered, so that every request gets the
     * same answer in the same time and the page never reveals which addresses have accounts.
     */
    requestPasswordReset(email: string, clientAddress: string): void {
      background.run(async () => {
        if (!config.smtpUrl) {
          logger.warn('A password reset was asked for, but SMTP_URL is not set: no email was sent');
          return;
        }
        try {
          await limits.hit([{ key: `password-reset-ip:${clientAddress}`, max: resetLimits.perAddress, windowMs: HOUR }]);
          const user = await users.findByEmail(email);
          if (!user || user.disabled) return;
          await limits.hit([{ key: `password-reset-account:${user.id}`, max: resetLimits.perAccount, windowMs: HOUR }]);
          await sendResetMail(user, await resets.issue(user.id));
        } catch (error) {
          if (!(error instanceof TooManyRequestsError)) throw error;
          logger.info('password reset over its limit: no email sent');
        }
      });
    },

    /** Waits for reset emails handed off by requests (tests, shutdown). */
    settled: () => background.settled(),

    resetLinkValid: async (token: string) => (await resets.peek(token)) !== undefined,

    /** Sets the new password, spends the token and ends every session of the account. */
    async resetPassword(token: string, password: string): Promise<void> {
      await resets.redeem(token, async (trx, userId) => {
        await users.setPassword(userId, password, trx);
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      });
    },

    async list(actor: Actor): Promise<User[]> {
      authorize(actor, 'users.manage');
      return users.list();
    },

    async add(actor: Actor, input: z.input<typeof newUserInput> & { authorId?: number | null }): Promise<User> {
      authorize(actor, 'users.manage');
      if (input.authorId) await assertAuthor(input.authorId);
      const { authorId, ...account } = input;
      return users.add(account, authorId ?? null);
    },

    /** Role, linked author profile, disabling (which ends the account's sessions at once). */
    async change(actor: Actor, id: number, patch: z.input<typeof accountChange>): Promise<User> {
      authorize(actor, 'users.manage');
      const parsed = accountChange.safeParse(patch);
      if (!parsed.success) throw fromZod('Invalid account change', parsed.error);
      const p = parsed.data;
      const user = await target(id);
      if (id === actor.id && (p.disabled || (p.role && p.role !== 'admin'))) {
        throw new ConflictError('You may not disable your own account or take away your own admin role');
      }
      if (p.authorId) await assertAuthor(p.authorId);
      await inTransaction(db, async (trx) => {
        await trx
          .updateTable('users')
          .set({
            ...(p.role ? { role: p.role } : {}),
            ...(p.authorId !== undefined ? { author_id: p.authorId } : {}),
            ...(p.disabled !== undefined ? { disabled: p.disabled ? 1 : 0 } : {}),
          })
          .where('id', '=', user.id)
          .execute();
        if (p.disabled) await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      });
      return target(id);
    },
  };
}

export type AccountService = ReturnType<typeof accountService>;
