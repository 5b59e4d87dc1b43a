import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkOptions {
  /** Recipients refused with 550 (a hard bounce). */
  reject?: (address: string) => boolean;
  /** Recipients refused with 451 (try again later) the first `n` times they are tried. */
  deferTimes?: (address: string) => number;
  /** Keep raw messages for parsing (off for big benches: only counts are kept). */
  keep?: boolean;
  /**
   * Closes the connection, without a reply, when a message's MAIL FROM arrives for which this
   * is true: `connection` counts connections from 1, `message` the messages on this one from 1.
   */
  drop?: (at: { connection: number; message: number }) => boolean;
}

export interface SmtpSink {
  url: string;
  /** Messages in arrival order with their envelope recipients (raw only when `keep` is not false). */
  messages: Array<{ to: string[]; raw: Buffer }>;
  count: number;
  /** Messages begun (MAIL FROM), dropped ones included. */
  attempts: number;
  parsed(): Promise<ParsedMail[]>;
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free local port (smtp-server), as the tests' and benches'
 * mail provider: no TLS, no auth, everything accepted unless told otherwise.
 */
export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const deferred = new Map<string, number>();
  const connectionNumbers = new Map<string, number>();
  const sink: SmtpSink = {
    url: '',
    messages: [],
    count: 0,
    attempts: 0,
    parsed: () => Promise.all(sink.messages.map((m) => simpleParser(m.raw))),
    async waitFor(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (sink.count < n) {
        if (Date.now() > until) throw new Error(`expected ${n} messages, got ${sink.count}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // A reverse lookup of 127.0.0.1 asks the network's DNS, which a CI machine may not have.
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 1000,
    onConnect(session, callback) {
      connectionNumbers.set(session.id, connectionNumbers.size + 1);
      callback();
    },
    onMailFrom(_address, session, callback) {
      sink.attempts++;
      if (!options.drop?.({ connection: connectionNumbers.get(session.id)!, message: session.transaction })) return callback();
      for (const connection of server.connections) if (connection.id === session.id) connection.close();
    },
    onRcptTo(address, _session, callback) {
      const to = address.address;
      if (options.reject?.(to)) return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      const times = options.deferTimes?.(to) ?? 0;
      const seen = deferred.get(to) ?? 0;
      if (seen < times) {
        deferred.set(to, seen + 1);
        return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => options.keep !== false && chunks.push(c));
      stream.on('end', () => {
        sink.count++;
        sink.messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: options.keep === false ? Buffer.alloc(0) : Buffer.concat(chunks) });
        callback();
      });
    },
  });
  // A sender killed mid-message resets its connection; that is the point of the crash test, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return sink;
}
