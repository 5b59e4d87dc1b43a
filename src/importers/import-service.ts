import { blockText } from '../content/blocks.js';
import type { ContentEvents } from '../content/events.js';
import type { Database } from '../db/connection.js';
import { inTransaction } from '../db/transaction.js';
import { ValidationError } from '../errors.js';
import { suggestTopics } from '../topics/suggest.js';
import { topicStore } from '../topics/topic-store.js';
import { detectFormat } from './detect.js';
import { importStore } from './import-store.js';
import type { ImportedArticle, ImportFormat, SkippedItem } from './model.js';
import { readBatches, type ReadMessage } from './read.js';
import { readInWorker } from './read-in-worker.js';
import { remoteImages, type ImageFailure } from './remote-images.js';
import type { MediaStorage } from '../media/storage.js';
import { articleWriter, type WrittenArticle } from './writer.js';
import { suppliedSearchRows } from '../search/supplied-search-rows.js';
import { setIndexesAsideWhenEmpty, type BulkLoad } from './bulk-load-postgres.js';

export interface ImportDocument {
  /** The file's name, used in messages. */
  name: string;
  content: string;
}

export interface ImportOptions {
  /** Read every file as this format instead of detecting it from the content; page text is then read even when it does not look like a news page. */
  format?: ImportFormat;
  /** Called as articles are written: `done` of at most `total` across the documents read so far. */
  onProgress?(done: number, total: number): void;
  /** Leave lead and body images at their remote addresses instead of fetching them into the media library. */
  keepRemoteImages?: boolean;
  /** Fetch pictures from loopback and private addresses too (an export from a machine on the newsroom's own network; tests). */
  allowPrivateHosts?: boolean;
}

export interface ImportSummary {
  created: number;
  updated: number;
  skipped: SkippedItem[];
  articles: WrittenArticle[];
  /** Sections that did not exist before and that the import made for its articles: never made without saying so. */
  sectionsCreated: Array<{ slug: string; name: string }>;
  /** Pictures fetched over the network (an address already in the media library is not fetched again). */
  imagesFetched: number;
  /** Pictures that could not be fetched and were left out of their articles, by address. */
  imageFailures: ImageFailure[];
  /** Articles written behind the meter (`registered`) or for members, as the source restricted them. */
  gated: { registered: number; members: number };
}

/** How many suggested topics an imported page keeps for an editor to review. */
const SUGGESTED_TOPICS = 12;

/** Exports from this size up are read on a second thread while the first writes; smaller files are not worth a thread. */
const READ_IN_WORKER_FROM = 2_000_000;

/** Imports of this many articles or more into a PostgreSQL site with none build its indexes once at the end (bulk-load-postgres.ts). */
const BULK_LOAD_FROM = 10_000;

/**
 * Imports files in any supported format, all of them in one transaction: a bad file
 * stops the import with a ValidationError naming it and where in it, and nothing is
 * written. Large exports are read on a worker thread, a batch ahead of the writer.
 */
export function importService(
  database: Database,
  options: { timeZone: string; events?: ContentEvents; readInWorkerFrom?: number; bulkLoadFrom?: number; mediaStorage: MediaStorage },
) {
  const { timeZone, events, readInWorkerFrom = READ_IN_WORKER_FROM, bulkLoadFrom = BULK_LOAD_FROM } = options;

  return {
    async importDocuments(docs: ImportDocument[], opts: ImportOptions = {}): Promise<ImportSummary> {
      // Cheap checks on every file first, so that an obviously wrong one fails before any work.
      const files = docs.map((doc) => {
        if (!doc.content.trim()) throw new ValidationError(`${doc.name}: the file is empty`);
        return { doc, format: opts.format ?? detectFormat(doc.content) };
      });
      const summary: ImportSummary = { created: 0, updated: 0, skipped: [], articles: [], sectionsCreated: [], imagesFetched: 0, imageFailures: [], gated: { registered: 0, members: 0 } };
      const at = new Date().toISOString();
      let done = 0;
      let total = 0;

      let pictures: ReturnType<typeof remoteImages> | undefined;
      await inTransaction(database.db, async (trx) => {
        const store = importStore(trx, database.dialect);
        if (!opts.keepRemoteImages) pictures = remoteImages(trx, { storage: options.mediaStorage, allowPrivateHosts: opts.allowPrivateHosts });
        const sectionsBefore = new Set((await store.sections()).map((s) => s.slug));
        /** Whether the import builds the article tables' indexes at its end: decided at the first batch, once the first file's size is known. */
        let bulkLoad: Promise<BulkLoad | undefined> | undefined;
        for (const [index, { doc, format }] of files.entries()) {
          const context = { name: doc.name, timeZone, at, formatNamed: opts.format !== undefined };
          // PostgreSQL with a connection to spare: the search rows are computed on it (src/search/supplied-search-rows.ts).
          const supplied = database.dialect.name !== 'sqlite' && database.poolStats().max > 1;
          let messages: Iterable<ReadMessage> | AsyncIterable<ReadMessage>;
          if ((format === 'wxr' || format === 'ghost') && doc.content.length >= readInWorkerFrom) {
            messages = readInWorker(doc.content, format, context, supplied ? database.url : undefined);
          } else {
            const existing = format === 'page-text' ? await topicStore(trx).vocabulary() : [];
            messages = readBatches(doc.content, format, context, { beforePrepare: (a) => suggestInto(a, existing) });
          }
          const searchRows = supplied ? await suppliedSearchRows(database.db, trx) : undefined;
          const writer = articleWriter(trx, { ...context, dialect: database.dialect, searchRows, alone: async () => index === 0 && (await bulkLoad) !== undefined });
          for await (const message of messages) {
            if (message.kind === 'total') total += message.total;
            else if (message.kind === 'batch') {
              bulkLoad ??= database.dialect.name === 'postgres' && total >= bulkLoadFrom ? setIndexesAsideWhenEmpty(trx) : Promise.resolve(undefined);
              await bulkLoad;
              await pictures?.localize(message.articles, doc.name);
              const written = await writer.write(message.articles);
              summary.articles.push(...written);
              done += written.length;
              // The WXR count is read off the text before parsing, and can fall short.
              opts.onProgress?.(done, Math.max(done, total));
            } else summary.skipped.push(...message.skipped);
          }
          await writer.finish();
          // The estimate counted posts that were then skipped.
          total = done;
        }
        await (await bulkLoad)?.restore();
        summary.sectionsCreated = (await store.sections()).filter((s) => !sectionsBefore.has(s.slug));
      }).catch(async (error: unknown) => {
        await pictures?.discardWritten();
        throw error;
      });
      summary.imagesFetched = pictures?.fetched() ?? 0;
      summary.imageFailures = pictures?.failures() ?? [];
      await database.refreshStatistics();

      for (const a of summary.articles) {
        if (a.status === 'created') summary.created++;
        else summary.updated++;
        if (a.access !== 'free') summary.gated[a.access]++;
        events?.emit({ entity: 'article', id: a.id });
      }
      return summary;
    },
  };
}

/** Page text with an empty topics line gets the topics suggestion proposes, marked for an editor to review. */
function suggestInto(article: ImportedArticle, existing: Array<{ name: string; slug: string }>): void {
  if (!article.suggestTopics) return;
  article.suggestedTopics = suggestTopics({ headline: article.headline, standfirst: article.standfirst, paragraphs: article.body.map(blockText) }, existing)
    .slice(0, SUGGESTED_TOPICS)
    .map((t) => ({ name: t.name, slug: t.slug }));
}

export type ImportService = ReturnType<typeof importService>;
