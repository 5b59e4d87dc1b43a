import { BroadsheetError, ValidationError } from '../errors.js';
import { BATCH } from '../db/batches.js';
import { readGhost } from './ghost.js';
import { readHtmlPage } from './html-page.js';
import type { FormatReader, ImportedArticle, ImportFormat, SkippedItem } from './model.js';
import { readPageText } from './page-text.js';
import { articlePreparer, type PrepareContext, type PreparedArticle } from './prepare.js';
import { readWxr } from './wxr.js';

const readers: Record<ImportFormat, FormatReader> = {
  'page-text': readPageText,
  ghost: readGhost,
  html: readHtmlPage,
  wxr: readWxr,
};

/** What reading a file yields, in order: its size, batches of checked articles, then what was skipped. */
export type ReadMessage =
  | { kind: 'total'; total: number }
  | { kind: 'batch'; articles: PreparedArticle[] }
  | { kind: 'end'; skipped: SkippedItem[] };

export interface ReadOptions {
  /** Called on each article before it is checked: fills in suggested topics. */
  beforePrepare?(article: ImportedArticle): void;
}

/**
 * Reads one file and checks its articles, a batch at a time, so that the writer can
 * store one batch while the next is read. A problem throws a ValidationError naming
 * the file and where in it.
 */
export function* readBatches(content: string, format: ImportFormat, context: PrepareContext, options: ReadOptions = {}): Generator<ReadMessage> {
  try {
    const parsed = readers[format](content, context);
    yield { kind: 'total', total: parsed.total };
    const prepare = articlePreparer(context);
    let batch: PreparedArticle[] = [];
    for (const article of parsed.articles) {
      options.beforePrepare?.(article);
      batch.push(prepare(article));
      if (batch.length === BATCH) {
        yield { kind: 'batch', articles: batch };
        batch = [];
      }
    }
    if (batch.length) yield { kind: 'batch', articles: batch };
    yield { kind: 'end', skipped: parsed.skipped };
  } catch (error) {
    if (error instanceof BroadsheetError) throw error;
    throw new ValidationError(`${context.name}: could not be read as ${format}: ${(error as Error).message}`);
  }
}
