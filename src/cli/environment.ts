import type { EnvironmentVariable } from '../config.js';

/** One line per variable loadConfig reads; typed so that a variable added there must be explained here. */
const MEANINGS: Record<EnvironmentVariable, string> = {
  PORT: 'HTTP port (3000)',
  HOST: 'interface to listen on (127.0.0.1)',
  DATA_DIR: 'folder for the SQLite file, secret key and uploaded media (./data)',
  DATABASE_URL: 'postgres://… to use PostgreSQL; empty for SQLite in DATA_DIR',
  DATABASE_CONNECT_TIMEOUT: 'seconds to retry an unreachable PostgreSQL at start-up (5)',
  SITE_URL: 'public address used in links, feeds and emails (http://HOST:PORT)',
  SITE_NAME: 'publication name (The Meridian)',
  TIME_ZONE: 'IANA time zone times are shown in (Europe/London)',
  SMTP_URL: 'smtp:// or smtps:// server for newsletters and account emails',
  MAIL_FROM: 'sender address (The Meridian <newsletters@localhost>)',
  SECRET_KEY: 'signs cookies and email links, 32+ characters (generated into DATA_DIR/secret.key)',
  STRIPE_SECRET_KEY: 'Stripe secret key (sk_…) for memberships and donations; unset keeps /support on the addresses set in the newsroom',
  STRIPE_WEBHOOK_SECRET: 'signing secret (whsec_…) of the endpoint POST /members/stripe/webhook; required with STRIPE_SECRET_KEY',
  STRIPE_API_URL: "Stripe's API address (https://api.stripe.com); tests point it at a local stand-in",
  S3_URL: 's3://KEY:SECRET@HOST:PORT/BUCKET[/PREFIX][?region=…&https=false&style=virtual] keeps media in that bucket instead of DATA_DIR/media',
  MEDIA_URL: 'https:// base (a CDN in front of the bucket) pages use for media instead of /media/… on this site',
  LOG_LEVEL: 'pino log level (info)',
  ANALYTICS: "on (default) counts reader page views for the newsroom's analytics; off counts none",
  TRUST_PROXY: 'reverse proxies whose X-Forwarded-For is believed, comma-separated (e.g. loopback)',
  METRICS_TOKEN: 'when set, /metrics wants Authorization: Bearer <this token> (16+ characters)',
};

/** The "Environment:" section at the end of `broadsheet --help`. */
export function environmentHelp(): string {
  const width = Math.max(...Object.keys(MEANINGS).map((name) => name.length));
  const lines = Object.entries(MEANINGS).map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`);
  return `\nEnvironment (read and checked on start-up; see the README's Configuration):\n${lines.join('\n')}`;
}
