import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { MailNotConfiguredError, type MailMessage, type MailTransport } from './transport.js';

type Envelope = { from: string; to: string[] };

/**
 * SMTP for a newsletter send: up to `connections` nodemailer SMTPConnections, each carrying
 * one message at a time, fed prebuilt raw messages (MIME built once per issue, see
 * message-template.ts). It skips nodemailer's Mailer and pool, whose per-message work
 * (message object, header normalising, compile and stream plumbing) cost twice what the
 * SMTP exchange itself does. A message that is not prebuilt raw bytes is composed here first.
 * A refused recipient or message (5xx, 4xx) leaves its connection open after a RSET, as the
 * pool does; any other failure drops the connection and the next message opens a new one.
 * A message whose connection the server dropped under it (no reply at all, as when a relay
 * closes connections it thinks idle) is sent again at once over a fresh connection, once,
 * as the pool re-queued it, instead of waiting for the sender's retry.
 *
 * @example const mail = createBulkTransport('smtp://127.0.0.1:2525', { connections: 16 });
 */
export function createBulkTransport(smtpUrl: string | undefined, options: { connections?: number } = {}): MailTransport {
  if (!smtpUrl) throw new MailNotConfiguredError();
  const { auth, ...server } = parseConnectionUrl(smtpUrl);
  const credentials = auth as { user: string; pass: string } | undefined;
  const limit = options.connections ?? 2;
  const idle: SMTPConnection[] = [];
  const open = new Set<SMTPConnection>();
  let closed = false;

  async function connect(): Promise<SMTPConnection> {
    const connection = new SMTPConnection({ ...server, connectionTimeout: 30_000, socketTimeout: 60_000 });
    open.add(connection);
    // An idle connection the server drops is forgotten; a busy one's send reports the error.
    connection.on('error', () => forget(connection));
    connection.once('end', () => forget(connection));
    try {
      await new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve())));
      if (credentials && (credentials.user || credentials.pass)) {
        await new Promise<void>((resolve, reject) => connection.login(credentials, (err) => (err ? reject(err) : resolve())));
      }
      return connection;
    } catch (error) {
      forget(connection);
      connection.close();
      throw error;
    }
  }

  function forget(connection: SMTPConnection) {
    open.delete(connection);
    const i = idle.indexOf(connection);
    if (i >= 0) idle.splice(i, 1);
  }

  /** An idle connection, or a new one while fewer than `limit` are open. */
  async function take(): Promise<SMTPConnection> {
    const connection = idle.pop();
    if (connection) return connection;
    if (open.size >= limit) throw new Error(`bulk transport: more than ${limit} messages at once`);
    return connect();
  }

  function give(connection: SMTPConnection) {
    if (closed || !open.has(connection)) connection.close();
    else idle.push(connection);
  }

  async function prepared(message: MailMessage): Promise<{ envelope: Envelope; raw: Buffer }> {
    if (Buffer.isBuffer(message.raw) && message.envelope) {
      const { from, to } = message.envelope as { from: string; to: string | string[] };
      return { envelope: { from, to: [to].flat() }, raw: message.raw };
    }
    const compiled = new MailComposer(message).compile();
    const { from, to } = compiled.getEnvelope();
    return { envelope: { from: from || '', to }, raw: await compiled.build() };
  }

  async function sendOver(connection: SMTPConnection, envelope: Envelope, raw: Buffer): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) => connection.send(envelope, raw, (err) => (err ? reject(err) : resolve())));
      give(connection);
    } catch (error) {
      const code = (error as SMTPConnection.SMTPError).code;
      const refused = (code === 'EENVELOPE' || code === 'EMESSAGE') && (error as SMTPConnection.SMTPError).responseCode !== 421;
      const reset = refused && open.has(connection) && (await new Promise<boolean>((resolve) => connection.reset((err) => resolve(!err))));
      if (reset) give(connection);
      else {
        forget(connection);
        connection.close();
      }
      throw error;
    }
  }

  return {
    async send(message) {
      const { envelope, raw } = await prepared(message);
      const connection = await take();
      try {
        await sendOver(connection, envelope, raw);
      } catch (error) {
        if (closed || !droppedUnder(error)) throw error;
        await sendOver(await connect(), envelope, raw);
      }
    },
    close() {
      closed = true;
      for (const connection of open) connection.quit();
      open.clear();
      idle.length = 0;
    },
  };
}

/** The connection went away mid-exchange without a reply: nothing was said about the message itself. */
function droppedUnder(error: unknown): boolean {
  const { code, responseCode } = error as SMTPConnection.SMTPError;
  return responseCode === undefined && (code === 'ECONNECTION' || code === 'ESOCKET');
}
