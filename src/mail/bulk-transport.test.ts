import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.js';
import { createBulkTransport } from './bulk-transport.js';
import { isHardBounce } from './transport.js';

const raw = (to: string, body: string) =>
  Buffer.from(`From: news@test.example\r\nTo: ${to}\r\nSubject: Raw issue\r\nMessage-ID: <raw.${to}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`);

describe('bulk SMTP transport', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ reject: (a) => a.startsWith('gone@'), deferTimes: (a) => (a.startsWith('busy@') ? 1 : 0) });
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.messages.length = 0;
    sink.count = 0;
  });

  it('delivers prebuilt raw bytes to the envelope recipient exactly as built, a line starting with a dot included', async () => {
    const mail = createBulkTransport(sink.url, { connections: 2 });
    const body = 'First line\r\n.a line that starts with a dot\r\nLast line';
    await Promise.all(['a@example.org', 'b@example.org'].map((to) => mail.send({ raw: raw(to, body), envelope: { from: 'news@test.example', to } })));
    mail.close();
    expect(sink.messages.map((m) => m.to)).toEqual(expect.arrayContaining([['a@example.org'], ['b@example.org']]));
    const a = sink.messages.find((m) => m.to[0] === 'a@example.org')!;
    expect(a.raw.toString()).toBe(raw('a@example.org', body).toString());
    const [parsed] = (await sink.parsed()).filter((m) => m.messageId === '<raw.a@example.org>');
    expect(parsed!.text).toBe('First line\n.a line that starts with a dot\nLast line\n');
  });

  it('composes a message that is not prebuilt, with its headers', async () => {
    const mail = createBulkTransport(sink.url, { connections: 1 });
    await mail.send({ from: 'News <news@test.example>', to: 'zoë@exämple.org', subject: 'Über', text: 'Grüße', headers: { 'List-Id': '<bench.test.example>' } });
    mail.close();
    const [parsed] = await sink.parsed();
    expect(sink.messages[0]!.to).toEqual(['zoë@exämple.org']);
    expect(parsed!.subject).toBe('Über');
    expect(parsed!.text?.trim()).toBe('Grüße');
    expect(parsed!.headerLines.find((h) => h.key === 'list-id')?.line).toBe('List-ID: <bench.test.example>');
  });

  it('reports a refused recipient as the pool did, and carries on over the same connection', async () => {
    const mail = createBulkTransport(sink.url, { connections: 1 });
    const send = (to: string) => mail.send({ raw: raw(to, 'Hello'), envelope: { from: 'news@test.example', to } });
    const gone = await send('gone@example.org').catch((error: unknown) => error);
    expect(isHardBounce(gone)).toBe(true);
    const busy = await send('busy@example.org').catch((error: unknown) => error);
    expect(busy).toMatchObject({ responseCode: 451 });
    expect(isHardBounce(busy)).toBe(false);
    await send('busy@example.org');
    await send('ann@example.org');
    mail.close();
    expect(sink.messages.map((m) => m.to[0])).toEqual(['busy@example.org', 'ann@example.org']);
  });
});

describe('bulk SMTP transport, when the server drops a connection under a message', () => {
  const send = (mail: ReturnType<typeof createBulkTransport>, to: string) => mail.send({ raw: raw(to, 'Hello'), envelope: { from: 'news@test.example', to } });

  it('sends the message again at once over a fresh connection, and it arrives once', async () => {
    // The second message on the first connection finds it closed, as when a relay drops connections it thinks idle.
    const sink = await startSmtpSink({ drop: ({ connection, message }) => connection === 1 && message === 2 });
    const mail = createBulkTransport(sink.url, { connections: 1 });
    await send(mail, 'ann@example.org');
    await send(mail, 'bob@example.org');
    await send(mail, 'cat@example.org');
    mail.close();
    await sink.close();
    expect(sink.messages.map((m) => m.to[0])).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org']);
    expect(sink.attempts).toBe(4);
  });

  it('tries the fresh connection only once, then reports the failure to the sender', async () => {
    const sink = await startSmtpSink({ drop: ({ connection, message }) => connection === 2 || message === 2 });
    const mail = createBulkTransport(sink.url, { connections: 1 });
    await send(mail, 'ann@example.org');
    const failure = await send(mail, 'bob@example.org').catch((error: unknown) => error);
    mail.close();
    await sink.close();
    expect(failure).toMatchObject({ code: expect.stringMatching(/^E(CONNECTION|SOCKET)$/) });
    expect(isHardBounce(failure)).toBe(false);
    expect(sink.messages.map((m) => m.to[0])).toEqual(['ann@example.org']);
    expect(sink.attempts).toBe(3);
  });
});
