import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { ValidationError } from '../errors.js';
import { searchDocuments } from '../search/supplied-search-rows.js';
import type { ImportFormat } from './model.js';
import type { PrepareContext } from './prepare.js';
import { readBatches } from './read.js';
import type { ReaderSearch } from './read-in-worker.js';
import { searchable, searchDocumentsOf } from './search-documents.js';

/**
 * The reading thread of readInWorker: posts each ReadMessage, or the error that stopped it.
 * Given `search`, it also makes a batch's search documents whenever the writer has another
 * batch waiting besides the one it is writing: this thread has time to spare then, and the
 * writer makes the documents of the batches that come without.
 */
const { content, format, context, search } = workerData as { content: string; format: ImportFormat; context: PrepareContext; search?: ReaderSearch };
const written = search && new Int32Array(search.written);
const database = search && openDatabase({ databaseUrl: search.url, dataDir: '', poolSize: 1 });
// Documents made here only spare the writer work: if the server cannot be had, the writer makes them all.
let documents = database && (await searchDocuments(database.db).catch(() => undefined));
/** The thread's last message, posted once its connection is closed: the writer ends the thread on it. */
let last: unknown;
try {
  let posted = 0;
  for (const message of readBatches(content, format, context)) {
    if (message.kind === 'end') last = message;
    else {
      if (message.kind === 'batch') {
        if (documents && posted - Atomics.load(written!, 0) >= 2) await searchDocumentsOf(searchable(message.articles), documents.documents).catch(() => (documents = undefined));
        posted++;
      }
      parentPort!.postMessage(message);
    }
  }
} catch (error) {
  last =
    error instanceof ValidationError
      ? { kind: 'error', reason: error.reason, issues: error.issues }
      : { kind: 'error', reason: `${context.name}: could not be read as ${format}: ${(error as Error).message}`, issues: [] };
}
await database?.close();
parentPort!.postMessage(last);
