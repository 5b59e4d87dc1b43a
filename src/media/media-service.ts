import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { can } from '../accounts/policy.js';
import { canOnArticle, type Actor } from '../content/article-policy.js';
import type { Block } from '../content/blocks.js';
import type { ArticleStatus } from '../content/workflow.js';
import type { DB } from '../db/schema.js';
import { ConflictError, fromZod, NotFoundError, UnavailableError, ValidationError } from '../errors.js';
import { authorizeMedia } from './media-policy.js';
import { mediaStore, type MediaRow } from './media-store.js';
import { sniffImageType } from './sniff.js';
import { originalName, type MediaFile, type MediaStorage, type StoredFile } from './storage.js';

/** Widths written for every upload (never wider than the original), for srcset. */
export const RESPONSIVE_WIDTHS = [320, 640, 1024, 1600] as const;
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/**
 * Largest image decoded, in pixels. A PNG of 1 MB can declare 16,000 × 16,000 pixels and
 * cost 22 s of CPU and half a gigabyte to decode; 60 megapixels is more than any camera sends.
 */
export const MAX_IMAGE_PIXELS = 60_000_000;

export const mediaInput = z.object({
  alt: z.string().trim().min(1, 'is required: describe the image for people who cannot see it').max(1000),
  caption: z.string().trim().max(2000).default(''),
  credit: z.string().trim().max(500).default(''),
});

/** An imported picture's text comes as the source had it: alt text may be missing there, for an editor to add. */
const importedMediaInput = mediaInput.extend({ alt: z.string().trim().max(1000) });

/** Items on one page of the library and of the picker. */
export const MEDIA_PAGE_SIZE = 24;

/** One stored file of an image: its URL and pixel width, for a srcset. */
export interface Rendition {
  src: string;
  width: number;
}

export interface MediaItem {
  id: number;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
  /** The largest WebP file, for src. */
  src: string;
  /** WebP at every stored width, smallest first. */
  sources: Rendition[];
  /** AVIF at the same widths (uploads since AVIF was added; empty for older ones). */
  avif: Rendition[];
  /** The smallest file with its drawn size, for grids: width and height let the page reserve the space. */
  thumbnail: { src: string; width: number; height: number };
  /** Who uploaded it (null when not recorded). */
  userId: number | null;
  createdAt: string;
}

/** One page of a library search. */
export interface MediaPage {
  items: MediaItem[];
  total: number;
  page: number;
  hasNext: boolean;
}

/** An article using an image, as the library lists it. */
export interface MediaUse {
  articleId: number;
  headline: string;
  status: ArticleStatus;
  place: 'body' | 'lead';
}

/** A standing page showing an image in its body, as the library lists it. */
export interface MediaPageUse {
  pageId: number;
  title: string;
  status: 'draft' | 'published';
}

/** Who uses an image, as far as the asking user may see: their articles and pages, and how many others there are. */
export interface MediaUses {
  visible: MediaUse[];
  /** Articles the user may not open. */
  hidden: number;
  pages: MediaPageUse[];
  /** Pages the user may not manage (they are the desk's). */
  hiddenPages: number;
}

export type MediaFormat = 'webp' | 'avif';

/** Public URL of one resized file. Keys are random hex, so URLs never collide or guess. */
export const mediaUrl = (key: string, width: number, format: MediaFormat = 'webp') => `/media/u/${key}/${width}.${format}`;

/**
 * The `widths` column: a JSON array of widths for uploads written as WebP only (before AVIF),
 * or `{"widths": [...], "avif": true}` for uploads written in both formats.
 */
export function storedWidths(json: string): { widths: number[]; avif: boolean } {
  const parsed = JSON.parse(json) as number[] | { widths: number[]; avif?: boolean };
  return Array.isArray(parsed) ? { widths: parsed, avif: false } : { widths: parsed.widths, avif: parsed.avif === true };
}

/** Every stored file of an upload, as srcset candidates in each format it was written in. */
export function storedRenditions(key: string, widthsJson: string): { webp: Rendition[]; avif: Rendition[] } {
  const { widths, avif } = storedWidths(widthsJson);
  return {
    webp: widths.map((width) => ({ src: mediaUrl(key, width), width })),
    avif: avif ? widths.map((width) => ({ src: mediaUrl(key, width, 'avif'), width })) : [],
  };
}

function toItem(row: MediaRow): MediaItem {
  const { webp: sources, avif } = storedRenditions(row.storage_key, row.widths);
  const smallest = sources[0]!;
  return {
    id: row.id,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    width: row.width,
    height: row.height,
    src: sources.at(-1)!.src,
    sources,
    avif,
    thumbnail: { src: smallest.src, width: smallest.width, height: Math.max(1, Math.round((row.height * smallest.width) / row.width)) },
    userId: row.user_id,
    createdAt: row.created_at,
  };
}

const placeName = { body: 'in the body', lead: 'as lead image' } as const;

/** "an article uses", "a page uses", "3 articles use", "1 article and 2 pages use". */
function usersOf(articles: number, pages: number): string {
  if (articles + pages === 1) return articles === 1 ? 'an article uses' : 'a page uses';
  const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return `${[articles && counted(articles, 'article'), pages && counted(pages, 'page')].filter(Boolean).join(' and ')} use`;
}

/** The storage could not be reached or refused a write; said without the store's address or keys. */
const unavailable = (doing: string, error: unknown) => new UnavailableError(`The media store could not ${doing} (${(error as Error).message}); try again shortly`);

/**
 * Image uploads: checked by content (type, size, readable), resized with sharp into
 * WebP and AVIF at responsive widths, and kept with the original in `storage` (a folder,
 * DATA_DIR/media, or an S3 bucket).
 */
export function mediaService(db: Kysely<DB>, options: { storage: MediaStorage; now?: () => Date }) {
  const { storage } = options;
  const store = mediaStore(db);

  async function findRow(id: number): Promise<MediaRow> {
    const found = await store.get(id);
    if (!found) throw new NotFoundError(`No image with id ${id}`);
    return found;
  }

  return {
    storage,

    /**
     * Stores an upload; nothing is kept when any check fails. `from.sourceUrl` marks a picture an
     * import fetched from that address (see `findImported`).
     */
    async upload(file: { bytes: Uint8Array; name: string }, meta: z.input<typeof mediaInput>, userId: number | null = null, from?: { sourceUrl: string }): Promise<MediaItem> {
      const m = (from ? importedMediaInput : mediaInput).safeParse(meta);
      if (!m.success) throw fromZod('Invalid image', m.error);
      if (file.bytes.length === 0) throw new ValidationError('Invalid image', [{ path: 'file', message: 'is required' }]);
      if (file.bytes.length > MAX_UPLOAD_BYTES) {
        throw new ValidationError('Invalid image', [{ path: 'file', message: `is ${(file.bytes.length / 1048576).toFixed(1)} MB; the limit is 15 MB` }]);
      }
      const mime = sniffImageType(file.bytes);
      if (!mime) throw new ValidationError('Invalid image', [{ path: 'file', message: 'must be a JPEG, PNG, WebP or AVIF image' }]);

      // Loaded on first upload: a reader-facing server never needs libvips in memory.
      const { default: sharp } = await import('sharp');
      // The header alone gives the size, so it is read without libvips's own limit and checked against ours before any decoding.
      const info = await sharp(file.bytes, { failOn: 'error', limitInputPixels: false }).metadata().catch(() => undefined);
      if (!info?.width || !info.height) throw new ValidationError('Invalid image', [{ path: 'file', message: 'could not be read as an image' }]);
      if (info.width * info.height > MAX_IMAGE_PIXELS) {
        const megapixels = Math.round((info.width * info.height) / 1e6);
        throw new ValidationError('Invalid image', [
          { path: 'file', message: `is ${info.width} × ${info.height} pixels (${megapixels} megapixels); the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels` },
        ]);
      }
      const image = sharp(file.bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
      // EXIF orientation 5-8 swaps the sides once rotated.
      const [width, height] = (info.orientation ?? 1) >= 5 ? [info.height, info.width] : [info.width, info.height];
      const largest = Math.min(width, RESPONSIVE_WIDTHS.at(-1)!);
      const widths = [...RESPONSIVE_WIDTHS.filter((w) => w < largest), largest];

      const key = randomBytes(16).toString('hex');
      const renditions: MediaFile[] = [];
      try {
        for (const w of widths) {
          const resized = image.clone().resize({ width: w, withoutEnlargement: true });
          renditions.push({ name: `${w}.webp`, bytes: await resized.clone().webp({ quality: 80 }).toBuffer() });
          // AVIF is about a third smaller at the same look; effort 2 keeps an upload to a second or two.
          renditions.push({ name: `${w}.avif`, bytes: await resized.avif({ quality: 55, effort: 2 }).toBuffer() });
        }
      } catch (error) {
        throw new ValidationError('Invalid image', [{ path: 'file', message: `could not be resized (${(error as Error).message})` }]);
      }
      // The original too, untouched, so that later widths or formats can be made from it.
      await storage.saveUpload(key, { renditions, original: { name: originalName(mime), bytes: file.bytes } }).catch((error: unknown) => {
        throw unavailable('keep the image', error);
      });
      try {
        const row = await store.insert({
          storage_key: key,
          original_name: file.name.slice(0, 300),
          mime,
          width,
          height,
          widths: JSON.stringify({ widths, avif: true }),
          ...m.data,
          user_id: userId,
          created_at: (options.now?.() ?? new Date()).toISOString(),
          source_url: from?.sourceUrl ?? null,
        });
        return toItem(row);
      } catch (error) {
        await storage.removeUpload(key);
        throw error;
      }
    },

    get: async (id: number): Promise<MediaItem> => toItem(await findRow(id)),

    /** The picture an earlier import fetched from `url`, so that it is not fetched again. */
    async findImported(url: string): Promise<MediaItem | undefined> {
      const row = await store.bySourceUrl(url);
      return row && toItem(row);
    },

    /** Newest first; `q` finds words in the alt text or the caption, in any case. Pages count from 1. */
    async search({ q = '', page = 1, perPage = MEDIA_PAGE_SIZE }: { q?: string; page?: number; perPage?: number } = {}): Promise<MediaPage> {
      const query = q.trim().slice(0, 200);
      const current = Number.isSafeInteger(page) && page > 0 ? page : 1;
      const [rows, total] = await Promise.all([store.search(query, perPage, (current - 1) * perPage), store.count(query)]);
      return { items: rows.map(toItem), total, page: current, hasNext: current * perPage < total };
    },

    /** Changes an image's alt text, caption and credit: the uploader's own, or any for the desk. */
    async updateText(user: Actor, id: number, text: z.input<typeof mediaInput>): Promise<MediaItem> {
      authorizeMedia(user, 'media.edit', { userId: (await findRow(id)).user_id });
      const m = mediaInput.safeParse(text);
      if (!m.success) throw fromZod('Invalid image details', m.error);
      const updated = await store.updateText(id, m.data);
      if (!updated) throw new NotFoundError(`No image with id ${id}`);
      return toItem(updated);
    },

    /**
     * The articles and pages using an image that `user` may see, newest articles first, and how
     * many others do (their titles are not the user's to read, but they still hold the image).
     */
    async uses(user: Actor, id: number): Promise<MediaUses> {
      await findRow(id);
      const [rows, pageRows] = await Promise.all([store.uses(id), store.pageUses(id)]);
      const seen = (r: (typeof rows)[number]) => canOnArticle(user, 'article.view', { status: r.status as ArticleStatus, authors: r.author_ids.map((a) => ({ id: a })) });
      const visible = rows.filter(seen).map((r) => ({ articleId: r.article_id, headline: r.headline, status: r.status as ArticleStatus, place: r.place }));
      const pagesSeen = can(user, 'pages.manage');
      const pages = pagesSeen ? pageRows.map((p) => ({ pageId: p.page_id, title: p.title, status: p.status as MediaPageUse['status'] })) : [];
      return { visible, hidden: new Set(rows.filter((r) => !seen(r)).map((r) => r.article_id)).size, pages, hiddenPages: pagesSeen ? 0 : pageRows.length };
    },

    /**
     * Deletes an unused image and its files (editors). An image still in an article or a page is
     * refused, naming them, so no page loses a picture to a deletion.
     */
    async remove(user: Actor, id: number): Promise<void> {
      const stored = await findRow(id);
      authorizeMedia(user, 'media.delete', { userId: stored.user_id });
      if (!(await store.deleteUnused(id))) {
        const [uses, pageUses] = await Promise.all([store.uses(id), store.pageUses(id)]);
        const named = [...pageUses.map((p) => `the page “${p.title}”`), ...uses.map((u) => `“${u.headline}” (${placeName[u.place]})`)];
        const listed = named.slice(0, 5);
        if (named.length > 5) listed.push(`and ${named.length - 5} more`);
        throw new ConflictError(`This image cannot be deleted while ${usersOf(uses.length, pageUses.length)} it: ${listed.join(', ')}. Take it out of them first.`);
      }
      await storage.removeUpload(stored.storage_key).catch((error: unknown) => {
        throw unavailable('delete the image\'s files (the image is gone from the library)', error);
      });
    },

    /** The body block that shows an uploaded image, with its srcset sources. */
    imageBlock(item: MediaItem): Block {
      return {
        type: 'image',
        src: item.src,
        alt: item.alt,
        ...(item.caption ? { caption: item.caption } : {}),
        ...(item.credit ? { credit: item.credit } : {}),
        width: item.width,
        height: item.height,
        sources: item.sources,
        ...(item.avif.length ? { avif: item.avif } : {}),
      };
    },

    /** A public media path's file, streamed from storage; undefined for anything that is not one. */
    async openRendition(key: string, file: string): Promise<StoredFile | undefined> {
      if (!/^[0-9a-f]{32}$/.test(key) || !/^\d{2,4}\.(webp|avif)$/.test(file)) return undefined;
      return storage.open(key, file).catch((error: unknown) => {
        throw unavailable('be read', error);
      });
    },
  };
}

export type MediaService = ReturnType<typeof mediaService>;
