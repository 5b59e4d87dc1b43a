import type { Kysely } from 'kysely';
import { articleService } from '../content/articles.js';
import { taxonomyService } from '../content/taxonomy.js';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { mediaService } from '../media/media-service.js';
import { newsletterCatalogue } from '../newsletters/catalogue.js';
import { pageStore } from '../pages/page-store.js';
import { articles } from './content/articles.js';
import { authors, newsletters, printIssues, sections, topics } from './content/catalogue.js';
import { demoPages } from './content/pages.js';
import { makeDemoPictures } from './pictures.js';
import type { MediaStorage } from '../media/storage.js';

export interface DemoResult {
  loaded: boolean;
  articles: number;
}

/**
 * Loads The Meridian, the demo magazine, into an empty database in one transaction.
 * A database that already has articles is left alone. With `media` (the media library's
 * storage) it also draws its pictures: the newest two articles of each section get a lead
 * image, every writer a photo and every print issue a cover.
 */
export async function loadDemo(db: Kysely<DB>, timeZone: string, options: { media?: MediaStorage } = {}): Promise<DemoResult> {
  return inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('articles').select('id').limit(1).executeTakeFirst();
    if (existing) return { loaded: false, articles: 0 };

    const taxonomy = taxonomyService(trx);
    const service = articleService(trx, { timeZone });
    const catalogue = newsletterCatalogue(trx);

    for (const [position, s] of sections.entries()) await taxonomy.upsertSection({ ...s, position });
    const pictures = options.media
      ? await makeDemoPictures(
          mediaService(trx, { storage: options.media }),
          authors.map((a) => a.slug),
          printIssues.map((p) => p.number),
        )
      : undefined;
    for (const a of authors) await taxonomy.upsertAuthor({ ...a, photoUrl: pictures?.authorPhotos.get(a.slug) });
    for (const t of topics) await taxonomy.upsertTopic(t);
    for (const p of printIssues) await taxonomy.upsertPrintIssue({ ...p, coverUrl: pictures?.covers.get(p.number) });
    for (const [position, n] of newsletters.entries()) await catalogue.upsert({ ...n, position });
    // About, Masthead, Contact, Privacy and Terms, published, for the footer.
    const pages = pageStore(trx);
    for (const p of demoPages) await pages.insert({ ...p, body: JSON.stringify(p.body), status: 'published' }, '2026-01-05T09:00:00.000Z');

    const pictured = new Set(sections.flatMap((s) => newestOf(s.slug, 2)));
    for (const a of articles) {
      const { publishedAt, updatedAt, ...input } = a;
      const picture = pictured.has(a) ? pictures?.bySection.get(a.section) : undefined;
      await service.create({ ...input, ...(picture ? { imageMediaId: picture.mediaId, imageAlt: picture.alt, imageCredit: 'Illustration: The Meridian' } : {}) }, { status: 'published', publishedAt, updatedAt });
    }
    return { loaded: true, articles: articles.length };
  });
}

/** A section's newest `n` articles other than partner content. */
const newestOf = (section: string, n: number) =>
  articles
    .filter((a) => a.section === section && !a.sponsor)
    .sort((x, y) => y.publishedAt.localeCompare(x.publishedAt))
    .slice(0, n);
