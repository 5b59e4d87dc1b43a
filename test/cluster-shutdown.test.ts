import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServeProcess, type ServeProcess } from './support/cli.js';

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('graceful shutdown of the real server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-shutdown-'));
  let server: ServeProcess | undefined;
  afterAll(() => {
    server?.proc.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server on the same SQLite file, naming the one serving it', async () => {
    server = await startServeProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const second = runCli(['serve'], { DATA_DIR: dataDir, PORT: '0' });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`broadsheet: another Broadsheet server (process ${server.proc.pid} on `);
    expect(second.stderr).toContain('SQLite serves from one process');
  }, 60_000);

  it('on SIGTERM stops accepting, answers the request in flight, and exits 0 (inside its 10 s grace)', async () => {
    const { proc, url, output, exited } = server!;
    const { port, origin } = new URL(url);
    // A newsletter signup whose body arrives slowly: the server has the request, and waits for its body.
    const body = 'email=reader%40example.org&newsletter=no-such-list';
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      `POST /newsletters/subscribe HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    const received = { data: '' };
    socket.on('data', (chunk: Buffer) => (received.data += chunk.toString()));
    // Node answers 100 Continue as it hands the request to the app: from here it is in flight.
    await until(() => received.data.includes('100 Continue'));
    socket.write(body.slice(0, 10));

    proc.kill('SIGTERM');
    await until(() => output().includes('shutting down'));
    // No new connections…
    const refused = await new Promise<string>((resolve) => {
      const probe = connect(Number(port), '127.0.0.1');
      probe.once('connect', () => (probe.destroy(), resolve('accepted')));
      probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');

    // …but the one in flight gets its answer.
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(body.slice(10));
    await closed;
    // The signup form's answer to an unknown list, after reading the whole body.
    expect(received.data).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 (303|400|404|422) /);
    expect(received.data).toContain('<h1>Newsletters</h1>');

    // Exit 0 means the graceful path finished: the forced exit after 10 s exits 1.
    expect(await exited).toBe(0);
    expect(output()).toContain('shut down cleanly');
  }, 60_000);
});
