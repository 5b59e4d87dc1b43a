import { parentPort, workerData } from 'node:worker_threads';
import { ValidationError } from '../errors.js';
import type { ImportFormat } from './model.js';
import type { PrepareContext } from './prepare.js';
import { readBatches } from './read.js';

/** The reading thread of readInWorker: posts each ReadMessage, or the error that stopped it. */
const { content, format, context } = workerData as { content: string; format: ImportFormat; context: PrepareContext };
try {
  for (const message of readBatches(content, format, context)) parentPort!.postMessage(message);
} catch (error) {
  parentPort!.postMessage(
    error instanceof ValidationError
      ? { kind: 'error', reason: error.reason, issues: error.issues }
      : { kind: 'error', reason: `${context.name}: could not be read as ${format}: ${(error as Error).message}`, issues: [] },
  );
}
