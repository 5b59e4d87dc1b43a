import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from '../db/connection.js';
import { ValidationError } from '../errors.js';
import type { searchDocuments } from '../search/supplied-search-rows.js';
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
let database: Database | undefined;
/**
 * The connection and the modules it needs are opened once the thread is first ahead, so that
 * the first batches go out without waiting for them. Documents made here only spare the writer
 * work: if the server cannot be had, the writer makes them all.
 */
let documents: Promise<Awaited<ReturnType<typeof searchDocuments>> | undefined> | undefined;
function documentsHere() {
  documents ??= (async () => {
    const [{ openDatabase }, { searchDocuments }] = await Promise.all([import('../db/connection.js'), import('../search/supplied-search-rows.js')]);
    database = openDatabase({ databaseUrl: search!.url, dataDir: '', poolSize: 1 });
    return await searchDocuments(database.db);
  })().catch(() => undefined);
  return documents;
}

/** The thread's last message, posted once its connection is closed: the writer ends the thread on it. */
let last: unknown;
try {
  let posted = 0;
  for (const message of readBatches(content, format, context)) {
    if (message.kind === 'end') last = message;
    else {
      if (message.kind === 'batch') {
        const here = written && posted - Atomics.load(written, 0) >= 2 ? await documentsHere() : undefined;
        if (here) await searchDocumentsOf(searchable(message.articles), here.documents).catch(() => (documents = Promise.resolve(undefined)));
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
