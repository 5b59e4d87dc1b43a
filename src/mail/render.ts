import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Child } from 'hono/jsx';

/**
 * MJML's own thread: it loads MJML (about half a second of CPU, ~50 MB that only emails need)
 * and compiles documents, so neither the load nor a compile holds up this thread. CommonJS
 * given as text, so that it runs the same from src/ (tests) and dist/.
 */
const COMPILER = `
const { parentPort, workerData } = require('node:worker_threads');
const mjml2html = require(workerData.mjml);
parentPort.on('message', async ({ id, document }) => {
  try {
    const result = await mjml2html(document, { validationLevel: 'strict', keepComments: false });
    if (result.errors.length) parentPort.postMessage({ id, error: 'MJML: ' + result.errors.map((e) => e.formattedMessage).join('; ') });
    else parentPort.postMessage({ id, html: result.html });
  } catch (error) {
    parentPort.postMessage({ id, error: 'MJML: ' + (error instanceof Error ? error.message : String(error)) });
  }
});`;

interface Compiler {
  compile(document: string): Promise<string>;
}

let compiler: Compiler | undefined;

function startCompiler(): Compiler {
  const worker = new Worker(COMPILER, { eval: true, workerData: { mjml: createRequire(import.meta.url).resolve('mjml') } });
  const waiting = new Map<number, { resolve: (html: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  worker.on('message', ({ id, html, error }: { id: number; html?: string; error?: string }) => {
    const job = waiting.get(id)!;
    waiting.delete(id);
    if (!waiting.size) worker.unref();
    if (error === undefined) job.resolve(html!);
    else job.reject(new Error(error));
  });
  const fail = (error: Error) => {
    if (compiler === self) compiler = undefined;
    for (const job of waiting.values()) job.reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`MJML compiler stopped (exit code ${code})`)));
  // An idle compiler never keeps the process alive; one with work waiting does. (After the
  // listeners: adding a 'message' listener refs the worker again.)
  worker.unref();
  const self: Compiler = {
    compile(document) {
      return new Promise((resolve, reject) => {
        waiting.set(++next, { resolve, reject });
        worker.ref();
        worker.postMessage({ id: next, document });
      });
    },
  };
  return self;
}

/**
 * Starts loading MJML on its own thread now, for a command that is about to compose an issue:
 * the load then overlaps the command's own start-up and database work.
 */
export function preloadMjml(): void {
  compiler ??= startCompiler();
}

/**
 * Compiles an MJML element tree to responsive HTML. MJML is slow (milliseconds), so
 * callers render once per issue and personalise the result with `personalise`.
 */
export async function renderMjml(document: Child): Promise<string> {
  return (compiler ??= startCompiler()).compile(String(document));
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Puts per-recipient values into a rendered template. Values are HTML-escaped for
 * the HTML part (they are URLs, so this only ever touches `&`).
 *
 * @example personalise('<a href="{{u}}">', { '{{u}}': 'https://x/?a&b' }, 'html') // '<a href="https://x/?a&amp;b">'
 */
export function personalise(template: string, values: Record<string, string>, kind: 'html' | 'text'): string {
  let out = template;
  for (const [placeholder, value] of Object.entries(values)) out = out.replaceAll(placeholder, kind === 'html' ? escapeHtml(value) : value);
  return out;
}
