import { blockText } from '../content/blocks.js';
import type { ContentEvents } from '../content/events.js';
import type { Database } from '../db/connection.js';
import { inTransaction } from '../db/transaction.js';
import { BroadsheetError, ValidationError } from '../errors.js';
import { suggestTopics } from '../topics/suggest.js';
import { detectFormat } from './detect.js';
import { readGhost } from './ghost.js';
import { readHtmlPage } from './html-page.js';
import type { FormatReader, ImportFormat, ParsedFile, SkippedItem } from './model.js';
import { readPageText } from './page-text.js';
import { writeArticles, type WrittenArticle } from './writer.js';
import { readWxr } from './wxr.js';

export interface ImportDocument {
  /** The file's name, used in messages. */
  name: string;
  content: string;
}

export interface ImportOptions {
  /** Called as articles are written: `done` of `total` across every document. */
  onProgress?(done: number, total: number): void;
}

export interface ImportSummary {
  created: number;
  updated: number;
  skipped: SkippedItem[];
  articles: WrittenArticle[];
}

/** How many suggested topics an imported page keeps for an editor to review. */
const SUGGESTED_TOPICS = 12;

const readers: Record<ImportFormat, FormatReader> = {
  'page-text': readPageText,
  ghost: readGhost,
  html: readHtmlPage,
  wxr: readWxr,
};

/**
 * Imports files in any supported format. Every file is read and checked before
 * anything is written, then each is written in its own transaction: a bad file
 * stops the import with a ValidationError naming it and where in it.
 */
export function importService(database: Database, options: { timeZone: string; events?: ContentEvents }) {
  const { timeZone, events } = options;

  function read(doc: ImportDocument): ParsedFile {
    if (!doc.content.trim()) throw new ValidationError(`${doc.name}: the file is empty`);
    const format = detectFormat(doc.content);
    try {
      return readers[format](doc.content, { name: doc.name, timeZone });
    } catch (error) {
      if (error instanceof BroadsheetError) throw error;
      throw new ValidationError(`${doc.name}: could not be read as ${format}: ${(error as Error).message}`);
    }
  }

  return {
    async importDocuments(docs: ImportDocument[], opts: ImportOptions = {}): Promise<ImportSummary> {
      const files = docs.map((doc) => ({ doc, parsed: read(doc) }));
      const total = files.reduce((n, f) => n + f.parsed.articles.length, 0);
      const summary: ImportSummary = { created: 0, updated: 0, skipped: [], articles: [] };
      let before = 0;
      for (const { doc, parsed } of files) {
        const written = await inTransaction(database.db, async (trx) => {
          if (parsed.articles.some((a) => a.suggestTopics)) {
            const existing = await trx.selectFrom('topics').select(['name', 'slug']).execute();
            for (const a of parsed.articles.filter((x) => x.suggestTopics)) {
              a.suggestedTopics = suggestTopics({ headline: a.headline, standfirst: a.standfirst, paragraphs: a.body.map(blockText) }, existing)
                .slice(0, SUGGESTED_TOPICS)
                .map((t) => ({ name: t.name, slug: t.slug }));
            }
          }
          const at = new Date().toISOString();
          return writeArticles(trx, parsed.articles, { name: doc.name, timeZone, at, onProgress: (done) => opts.onProgress?.(before + done, total) });
        });
        before += parsed.articles.length;
        summary.skipped.push(...parsed.skipped);
        for (const a of written) {
          summary.articles.push(a);
          if (a.status === 'created') summary.created++;
          else summary.updated++;
          events?.emit({ entity: 'article', id: a.id });
        }
      }
      return summary;
    },
  };
}

export type ImportService = ReturnType<typeof importService>;
