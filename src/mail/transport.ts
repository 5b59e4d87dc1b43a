import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { BroadsheetError } from '../errors.js';

/** SMTP_URL is needed and missing: the edge says so instead of failing deep in a send. */
export class MailNotConfiguredError extends BroadsheetError {
  override name = 'MailNotConfiguredError';
  override readonly status = 503;
  constructor() {
    super('Sending mail needs SMTP_URL (for example smtp://user:pass@mail.example.org:587)');
  }
}

export type MailMessage = SendMailOptions;

/** What the rest of Broadsheet needs from a mail transport. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface TransportOptions {
  /** Open SMTP connections; each carries one message at a time. */
  connections?: number;
  /** false: one connection per message, nothing left open (occasional mail such as confirmations). */
  pooled?: boolean;
}

/**
 * nodemailer's SMTP transport to `smtpUrl`, for occasional mail (`pooled: false`) and
 * composed messages. Newsletter sends go over `createBulkTransport` (bulk-transport.ts).
 * Pooled, connections are kept open (no reconnect every 100 messages) and each is used
 * one message at a time.
 *
 * @example const mail = createMailTransport('smtp://127.0.0.1:2525', { connections: 4 });
 */
export function createMailTransport(smtpUrl: string | undefined, options: TransportOptions = {}): MailTransport {
  if (!smtpUrl) throw new MailNotConfiguredError();
  const transporter: Transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: options.pooled ?? true,
    maxConnections: options.connections ?? 2,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 30_000,
    socketTimeout: 60_000,
  } as never);
  return {
    async send(message) {
      await transporter.sendMail(message);
    },
    close: () => transporter.close(),
  };
}

/** Permanent (5xx) refusals are not retried; everything else (4xx, network) is. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: number })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** A 5xx refusal of the recipient itself (no such mailbox): a hard bounce. */
export function isHardBounce(error: unknown): boolean {
  const e = error as { responseCode?: number; command?: string };
  return isPermanentSmtpError(error) && [550, 551, 553].includes(e.responseCode!) && /RCPT/i.test(e.command ?? 'RCPT');
}

/** The domain of an address such as `Name <news@example.org>`, for Message-IDs and List-Id. */
export function addressDomain(address: string): string {
  return /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'localhost';
}

/** The bare address inside `Name <news@example.org>`. */
export function bareAddress(address: string): string {
  return /<([^>]+)>/.exec(address)?.[1] ?? address.trim();
}
