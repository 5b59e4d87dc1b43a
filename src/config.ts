import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { ensureDataDir } from './data-dir.js';
import { fromZod, ValidationError } from './errors.js';
import { parseS3Url, type S3Location } from './media/s3-url.js';

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.union([z.literal(''), url(['postgres:', 'postgresql:'])]).default(''),
  DATABASE_CONNECT_TIMEOUT: z.coerce.number().min(0).max(3600).default(5),
  SITE_URL: url(['http:', 'https:']).optional(),
  SITE_NAME: z.string().min(1).default('The Meridian'),
  TIME_ZONE: z
    .string()
    .default('Europe/London')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/London'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('The Meridian <newsletters@localhost>'),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => {
      try {
        proxyaddr.compile(list);
        return true;
      } catch {
        return false;
      }
    }, 'must list proxy addresses or subnets, or loopback, linklocal, uniquelocal, separated by commas'),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_… or rk_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, "must be the webhook endpoint's signing secret (whsec_…)").optional(),
  STRIPE_API_URL: url(['http:', 'https:']).default('https://api.stripe.com'),
  S3_URL: z
    .string()
    .transform((v, ctx) => {
      const parsed = parseS3Url(v);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      return parsed as S3Location;
    })
    .optional(),
  MEDIA_URL: z
    .string()
    .refine((v) => /^https:\/\/[^/]/.test(v) && URL.canParse(v), 'must be an https:// address (the pages load images only from this site or https)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ANALYTICS: z.enum(['on', 'off']).default('on'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

/** The variables loadConfig reads. */
export type EnvironmentVariable = keyof typeof envSchema.shape;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Empty means the embedded SQLite file in dataDir. */
  databaseUrl: string;
  /** Seconds to keep retrying an unreachable PostgreSQL at start-up before giving up. */
  databaseConnectTimeout: number;
  siteUrl: string;
  /** True when SITE_URL was not set and siteUrl was made from HOST:PORT: right for local pages, never for emails. */
  siteUrlDerived?: boolean;
  siteName: string;
  timeZone: string;
  smtpUrl?: string;
  mailFrom: string;
  secretKey: string;
  /** The reverse proxies whose X-Forwarded-For is believed (proxy-addr's notation). */
  trustProxy: string[];
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Count reader page views; ANALYTICS=off counts none (and measures what counting costs). */
  analytics: boolean;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** The media library's bucket (S3_URL); without it, DATA_DIR/media. */
  s3?: S3Location;
  /** Where pages point readers' browsers for uploads (a CDN, MEDIA_URL); without it, /media/… on this site. */
  mediaUrl?: string;
  /** Present when STRIPE_SECRET_KEY is set; without it /support keeps the addresses from /admin/settings. */
  stripe?: StripeConfig;
}

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** Stripe's API, or a stand-in in tests. */
  apiUrl: string;
}

/**
 * Reads the environment once, at start-up. A bad variable throws a
 * ValidationError naming it, so the process stops before serving anything.
 *
 * @example loadConfig({ PORT: '8080' }).port // 8080
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) throw fromZod('Invalid configuration', parsed.error);
  const e = parsed.data;
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) {
    throw new ValidationError('Invalid configuration', [{ path: 'STRIPE_WEBHOOK_SECRET', message: 'is required when STRIPE_SECRET_KEY is set (payments are confirmed by signed webhooks)' }]);
  }
  const dataDir = resolve(e.DATA_DIR);
  ensureDataDir(dataDir);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databaseConnectTimeout: e.DATABASE_CONNECT_TIMEOUT,
    siteUrl: (e.SITE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    siteUrlDerived: e.SITE_URL === undefined,
    siteName: e.SITE_NAME,
    timeZone: e.TIME_ZONE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    secretKey: e.SECRET_KEY ?? readOrCreateSecret(dataDir),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    analytics: e.ANALYTICS === 'on',
    s3: e.S3_URL,
    mediaUrl: e.MEDIA_URL,
    metricsToken: e.METRICS_TOKEN,
    stripe: e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiUrl: e.STRIPE_API_URL } : undefined,
  };
}

/** A generated key survives restarts so that signed links and sessions stay valid. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}
