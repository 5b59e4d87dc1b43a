import type { SearchText } from '../search/search-document-postgres.js';
import type { SuppliedDocument } from '../search/supplied-search-rows.js';
import type { PreparedArticle } from './prepare.js';

/** The articles of a batch the writer stores search rows for. */
export const searchable = (batch: PreparedArticle[]) => batch.filter((p) => p.status === 'published');

/**
 * The search documents of `articles`, in order: the ones they carry (the reading thread made
 * them while it was ahead of the writer), and `make`'s for the others, which then carry theirs.
 */
export async function searchDocumentsOf(articles: PreparedArticle[], make: (texts: SearchText[]) => Promise<SuppliedDocument[]>): Promise<SuppliedDocument[]> {
  const missing = articles.filter((p) => !p.searchDocument);
  const made = await make(missing.map((p) => ({ headline: p.headline, standfirst: p.standfirst, body_text: p.bodyText })));
  missing.forEach((p, i) => (p.searchDocument = made[i]));
  return articles.map((p) => p.searchDocument!);
}
