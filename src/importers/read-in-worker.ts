import { on } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ValidationError } from '../errors.js';
import type { ImportFormat } from './model.js';
import type { PrepareContext } from './prepare.js';
import type { ReadMessage } from './read.js';

type WorkerMessage = ReadMessage | { kind: 'error'; reason: string; issues: Array<{ path: string; message: string }> };

/**
 * The worker's module: the built .js, or the .ts source through tsx's loader when
 * running from source (tests, benches), since a worker does not inherit the loader.
 */
function startReader(workerData: { content: string; format: ImportFormat; context: PrepareContext }): Worker {
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
 * ValidationError; stopping early (a write failed) ends the thread.
 */
export async function* readInWorker(content: string, format: ImportFormat, context: PrepareContext): AsyncGenerator<ReadMessage> {
  const worker = startReader({ content, format, context });
  try {
    for await (const [message] of on(worker, 'message') as AsyncIterable<[WorkerMessage]>) {
      if (message.kind === 'error') throw new ValidationError(message.reason, message.issues);
      yield message;
      if (message.kind === 'end') return;
    }
  } finally {
    await worker.terminate();
  }
}
