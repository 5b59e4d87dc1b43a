import { execFileSync, spawn, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, createServer, Agent } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NGINX = '/usr/sbin/nginx';

/** A round-robin load balancer in front of `backends` (http://host:port), in a process of its own. */
export interface Balancer {
  url: string;
  label: string;
  /** Its process, whose CPU time is the balancer's own cost. */
  pid: number;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the balancer did not start');
}

const answers = (url: string) =>
  new Promise<boolean>((resolve) => {
    const req = request(`${url}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.end();
  });

/**
 * Debian's nginx when installed (one worker, keep-alive to the backends, as docs/deploy.md
 * would set it up), else a small node:http proxy: either way a process of its own, so the
 * load generator and the balancer do not share a thread.
 */
export async function startBalancer(backends: string[]): Promise<Balancer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  if (existsSync(NGINX)) {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-nginx-'));
    const servers = backends.map((b) => `server ${new URL(b).host};`).join(' ');
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream broadsheet { ${servers} keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://broadsheet; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; }
  }
}
`,
    );
    const proc = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
    await until(() => answers(url));
    // The one worker does the proxying; the master only waits.
    const pid = Number(execFileSync('pgrep', ['-P', String(proc.pid)], { encoding: 'utf8' }).trim().split('\n')[0]);
    return { url, label: 'nginx (1 worker, round robin)', pid, stop: () => stopProcess(proc).then(() => rmSync(dir, { recursive: true, force: true })) };
  }
  const proc = fork(fileURLToPath(import.meta.url), ['--balance', String(port), ...backends], { execArgv: ['--import', 'tsx'] });
  await until(() => answers(url));
  return { url, label: 'node:http proxy (round robin)', pid: proc.pid!, stop: () => stopProcess(proc) };
}

function stopProcess(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

/** Child process: the node:http round-robin proxy. */
function proxy(port: number, backends: string[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const targets = backends.map((b) => new URL(b));
  let next = 0;
  createServer((req, res) => {
    const target = targets[next++ % targets.length]!;
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }).listen(port, '127.0.0.1');
}

if (process.argv[2] === '--balance') proxy(Number(process.argv[3]), process.argv.slice(4));
