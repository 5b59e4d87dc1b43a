import type { Kysely } from 'kysely';
import { articleService } from '../content/articles.js';
import { taxonomyService } from '../content/taxonomy.js';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { newsletterCatalogue } from '../newsletters/catalogue.js';
import { pageStore } from '../pages/page-store.js';
import { articles } from './content/articles.js';
import { authors, newsletters, printIssues, sections, topics } from './content/catalogue.js';
import { demoPages } from './content/pages.js';

export interface DemoResult {
  loaded: boolean;
  articles: number;
}

/**
 * Loads The Meridian, the demo magazine, into an empty database in one transaction.
 * A database that already has articles is left alone.
 */
export async function loadDemo(db: Kysely<DB>, timeZone: string): Promise<DemoResult> {
  return inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('articles').select('id').limit(1).executeTakeFirst();
    if (existing) return { loaded: false, articles: 0 };

    const taxonomy = taxonomyService(trx);
    const service = articleService(trx, { timeZone });
    const catalogue = newsletterCatalogue(trx);

    for (const [position, s] of sections.entries()) await taxonomy.upsertSection({ ...s, position });
    for (const a of authors) await taxonomy.upsertAuthor(a);
    for (const t of topics) await taxonomy.upsertTopic(t);
    for (const p of printIssues) await taxonomy.upsertPrintIssue(p);
    for (const [position, n] of newsletters.entries()) await catalogue.upsert({ ...n, position });
    // About, Masthead, Contact, Privacy and Terms, published, for the footer.
    const pages = pageStore(trx);
    for (const p of demoPages) await pages.insert({ ...p, body: JSON.stringify(p.body), status: 'published' }, '2026-01-05T09:00:00.000Z');

    for (const a of articles) {
      const { publishedAt, updatedAt, ...input } = a;
      await service.create(input, { status: 'published', publishedAt, updatedAt });
    }
    return { loaded: true, articles: articles.length };
  });
}
