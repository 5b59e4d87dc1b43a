import type { Services } from '../services.js';
import type { ImportDocument, ImportOptions, ImportSummary } from './import-service.js';

export type { ImportDocument, ImportOptions, ImportSummary } from './import-service.js';

/**
 * Imports page text, HTML pages, Ghost JSON exports and WordPress WXR files, the
 * format of each detected from its content. Each file is all or nothing; a bad one
 * throws a ValidationError naming the file and where in it.
 *
 * @example await importDocuments(services, [{ name: 'article.txt', content }])
 */
export function importDocuments(services: Services, docs: ImportDocument[], options: ImportOptions = {}): Promise<ImportSummary> {
  return services.imports.importDocuments(docs, options);
}
