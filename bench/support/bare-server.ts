import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median } from './median.js';

/**
 * What the bare server is to send for a page the app answered: the same bytes and headers, less
 * those each connection writes itself. A cookie the app sets goes out too, so both answers are
 * the same size.
 */
export async function bareCopyOf(res: Response): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (k !== 'date' && k !== 'connection' && k !== 'keep-alive' && k !== 'set-cookie') headers[k] = v;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies[0]!;
  return { body, headers };
}

/**
 * The baseline a warm page is measured against: a bare node:http server, in its own process,
 * sending the same bytes and headers for every request. Run as a child of this file.
 */
export function startBareServer(page: { body: Buffer; headers: Record<string, string> }): Promise<{ proc: ChildProcess; url: string }> {
  const proc = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  proc.send({ body: page.body.toString('base64'), headers: page.headers });
  return new Promise((done, fail) => {
    proc.once('message', (m: { port: number }) => done({ proc, url: `http://127.0.0.1:${m.port}` }));
    proc.once('exit', (code) => fail(new Error(`bare server exited with ${code}`)));
  });
}

/** Headers for every request, or a list of header sets that each connection takes in turn (a mix of readers). */
export type BenchHeaders = Record<string, string> | Array<Record<string, string>>;

const withHeaders = (url: string, headers: BenchHeaders) =>
  Array.isArray(headers) ? { url, requests: headers.map((h) => ({ method: 'GET' as const, path: new URL(url).pathname, headers: h })) } : { url, headers };

/** Requests per second at 50 connections over `seconds`, after a one-second warm-up (`warm: false` for none); any non-2xx answer or error fails. */
export async function requestsPerSecond(url: string, seconds: number, headers: BenchHeaders = {}, { warm = true } = {}): Promise<number> {
  if (warm) await autocannon({ ...withHeaders(url, headers), connections: 50, duration: 1 });
  const result = await autocannon({ ...withHeaders(url, headers), connections: 50, duration: seconds });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * Requests/s of each server (full URLs), in alternating rounds of `seconds`, each server warmed
 * before its first: the same round of each meets the machine in the same mood, so the rounds'
 * paired ratios (`pairedRatio`) hold still where one long round or a best-of follows the machine's
 * swings. Answers each server's rounds, in order.
 */
export async function alternatingRounds<K extends string>(urls: Record<K, string>, rounds: number, seconds: number, headers: BenchHeaders): Promise<Record<K, number[]>> {
  const names = Object.keys(urls) as K[];
  const runs = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) runs[name].push(await requestsPerSecond(urls[name], seconds, headers, { warm: round === 0 }));
  }
  return runs;
}

/** The median of the rounds' ratios `of[i] / to[i]`: one slow or lucky round does not move it. */
export const pairedRatio = (of: number[], to: number[]): number => median(of.map((r, i) => r / to[i]!));

/**
 * On a machine of few cores the load generator (autocannon, in this process) and the server
 * under test fight for the same cores, and whichever the scheduler favours that second wins:
 * rounds of one server swing by a third. Pinned apart (this process on the first core, the
 * servers, every thread of theirs, on the others) each server gets the same share, and the
 * figures compare what each costs per request. Without `taskset` (not Linux) nothing is pinned.
 */
export function pinApart(serverPids: number[]): boolean {
  const cores = availableParallelism();
  if (cores < 2) return false;
  try {
    execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
    for (const pid of serverPids) execFileSync('taskset', ['-apc', `1-${cores - 1}`, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux): a figure the machine's other load does not move. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Each server's own CPU microseconds per request, in alternating rounds of `amount` requests
 * (as `alternatingRounds`, for the same reason): a server's `settleMs` is waited after its
 * requests, for work it defers (the views' write), which then counts. Answers each server's
 * rounds, in order.
 */
export async function alternatingCpuRounds<K extends string>(
  servers: Record<K, { pid: number; url: string; settleMs?: number }>,
  rounds: number,
  amount: number,
  headers: BenchHeaders,
): Promise<Record<K, number[]>> {
  const names = Object.keys(servers) as K[];
  const runs = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) runs[name].push(await cpuPerRequest(servers[name].pid, servers[name].url, amount, headers, servers[name].settleMs));
  }
  return runs;
}

/** Sends `amount` requests over 50 connections, waits `settleMs` (for work a server defers), and answers the server's CPU microseconds per request. */
async function cpuPerRequest(pid: number, url: string, amount: number, headers: BenchHeaders = {}, settleMs = 0): Promise<number> {
  const before = cpuSeconds(pid);
  const result = await autocannon({ ...withHeaders(url, headers), connections: 50, amount });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  await new Promise((done) => setTimeout(done, settleMs));
  return ((cpuSeconds(pid) - before) * 1e6) / amount;
}

if (process.argv[2] === '--serve') {
  process.once('message', ({ body, headers }: { body: string; headers: Record<string, string> }) => {
    const bytes = Buffer.from(body, 'base64');
    const server = createServer((_req, res) => {
      res.writeHead(200, headers);
      res.end(bytes);
    });
    server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  });
}
