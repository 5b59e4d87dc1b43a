import { on } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ValidationError } from '../errors.js';
import type { ImportFormat } from './model.js';
import type { PrepareContext } from './prepare.js';
import type { ReadMessage } from './read.js';

/**
 * PostgreSQL: where the reading thread makes search documents (`url`), and how many batches
 * the writer has written (`written`, one Int32 the writer counts up), so that it makes them
 * only while it is ahead.
 */
export interface ReaderSearch {
  url: string;
  written: SharedArrayBuffer;
}

type WorkerMessage = ReadMessage | { kind: 'error'; reason: string; issues: Array<{ path: string; message: string }> };

/**
 * The worker's module: the built .js, or the .ts source through tsx's loader when
 * running from source (tests, benches), since a worker does not inherit the loader.
 */
function startReader(workerData: { content: string; format: ImportFormat; context: PrepareContext; search?: ReaderSearch }): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './read-worker.ts' : './read-worker.js', import.meta.url);
  // With a young generation of V8's default size the thread, the import's busiest, spent about
  // a seventh of its time in the collector (1.9 s of 12.7 s profiled for 100,000 WXR posts).
  const resourceLimits = { maxYoungGenerationSizeMb: 256 };
  if (!fromSource) return new Worker(entry, { workerData, resourceLimits });
  const load = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true, workerData, resourceLimits });
}

/**
 * readBatches on a thread of its own: while the caller writes one batch, the next is
 * parsed and checked on another core. Yields the same messages and throws the same
 * ValidationError; stopping early (a write failed) ends the thread. Given `searchFrom`
 * (a PostgreSQL URL), the thread also makes search documents when it is ahead of the caller
 * (read-worker.ts): a batch's articles then carry theirs.
 */
export async function* readInWorker(content: string, format: ImportFormat, context: PrepareContext, searchFrom?: string): AsyncGenerator<ReadMessage> {
  const search = searchFrom ? { url: searchFrom, written: new SharedArrayBuffer(4) } : undefined;
  const written = search && new Int32Array(search.written);
  const worker = startReader({ content, format, context, search });
  try {
    for await (const [message] of on(worker, 'message') as AsyncIterable<[WorkerMessage]>) {
      if (message.kind === 'error') throw new ValidationError(message.reason, message.issues);
      yield message;
      // The caller asks for the next message once it has written this one.
      if (written && message.kind === 'batch') Atomics.add(written, 0, 1);
      if (message.kind === 'end') return;
    }
  } finally {
    await worker.terminate();
  }
}
