import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { storedRenditions } from '../media/media-service.js';
import { uploadKey, type UploadedPictures } from './uploaded-pictures.js';

/**
 * The uploads behind writers' photos and print covers, so the reader pages can offer every
 * rendition (AVIF and WebP srcset) of a picture whose field holds the URL of one of them.
 */
export function uploadedPictureStore(db: Kysely<DB>) {
  return {
    async portraitsAndCovers(): Promise<UploadedPictures> {
      const [photos, covers] = await Promise.all([
        db.selectFrom('authors').select('photo_url as url').where('photo_url', 'like', '/media/u/%').execute(),
        db.selectFrom('print_issues').select('cover_url as url').where('cover_url', 'like', '/media/u/%').execute(),
      ]);
      const keys = [...new Set([...photos, ...covers].flatMap((r) => uploadKey(r.url) ?? []))];
      if (keys.length === 0) return new Map();
      const rows = await db.selectFrom('media').select(['storage_key', 'widths', 'width', 'height']).where('storage_key', 'in', keys).execute();
      return new Map(
        rows.map((r) => {
          const { webp, avif } = storedRenditions(r.storage_key, r.widths);
          return [r.storage_key, { sources: webp, avif, width: r.width, height: r.height }];
        }),
      );
    },
  };
}

export type UploadedPictureStore = ReturnType<typeof uploadedPictureStore>;
