import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { articlePath } from './article-store.js';
import { correctionStore } from './correction-store.js';

export interface PublishedCorrection {
  id: number;
  kind: 'correction' | 'update';
  /** YYYY-MM-DD, the day in the site's zone the note carries. */
  date: string;
  text: string;
  article: { id: number; headline: string; path: string };
}

/** Every correction and update readers can see, for `/corrections`. */
export function correctionService(db: Kysely<DB>) {
  const store = correctionStore(db);
  return {
    async list(limit: number, offset = 0): Promise<PublishedCorrection[]> {
      return (await store.published(limit, offset)).map((r) => ({
        id: r.id,
        kind: r.kind === 'update' ? 'update' : 'correction',
        date: r.noted_on,
        text: r.text,
        article: { id: r.article_id, headline: r.headline, path: articlePath(r.section_slug, r.url_month, r.slug) },
      }));
    },
  };
}

export type CorrectionService = ReturnType<typeof correctionService>;
