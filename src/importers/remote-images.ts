import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { bodyText, type Block } from '../content/blocks.js';
import type { DB } from '../db/schema.js';
import { ValidationError } from '../errors.js';
import { MAX_UPLOAD_BYTES, mediaService, type MediaItem } from '../media/media-service.js';
import type { MediaStorage } from '../media/storage.js';
import { fetchImage, ImageFetchError } from './image-fetch.js';
import type { PreparedArticle } from './prepare.js';

/** A picture an import could not bring home, once per address, with the articles that named it. */
export interface ImageFailure {
  url: string;
  reason: string;
  /** Where in the files the articles naming it are ("ghost.json: posts[3]"). */
  articles: string[];
}

export interface RemoteImageOptions {
  /** Where the media library keeps its files (DATA_DIR/media or the bucket). */
  storage: MediaStorage;
  allowPrivateHosts?: boolean;
  /** How many pictures are fetched and resized at once. */
  concurrency?: number;
}

type ImageBlock = Extract<Block, { type: 'image' }>;
type Outcome = { item: MediaItem } | { reason: string };

const isRemote = (url: string | null | undefined): url is string => !!url && /^https?:\/\//i.test(url);
/** The upload's name for the library: the address's last path segment. */
const fileName = (url: string) => decodeURIComponent(basename(new URL(url).pathname)) || 'imported-image';

/**
 * Brings an import's remote pictures (lead images and body images) into the media library, so
 * that readers' browsers load them from this site, in AVIF and WebP at every width, with their
 * sizes known. Each address is fetched once per run, and not at all when an earlier import
 * already stored it. A picture that cannot be had is left out of its article and listed in
 * `failures`; the article still imports. Use inside the import's transaction (`db`).
 */
export function remoteImages(db: Kysely<DB>, options: RemoteImageOptions) {
  const media = mediaService(db, { storage: options.storage });
  const outcomes = new Map<string, Promise<Outcome>>();
  const failures = new Map<string, ImageFailure>();
  /** Storage keys written by this run, removed again if the import is rolled back. */
  const written: string[] = [];
  let fetched = 0;

  async function bringHome(url: string, text: { alt: string; caption: string; credit: string }): Promise<Outcome> {
    const known = await media.findImported(url);
    if (known) return { item: known };
    try {
      const bytes = await fetchImage(url, { maxBytes: MAX_UPLOAD_BYTES, allowPrivateHosts: options.allowPrivateHosts });
      const item = await media.upload({ bytes, name: fileName(url) }, text, null, { sourceUrl: url });
      written.push(item.src.split('/')[3]!);
      fetched++;
      return { item };
    } catch (error) {
      if (error instanceof ImageFetchError) return { reason: error.message };
      if (error instanceof ValidationError) return { reason: `the picture ${error.issues.map((i) => i.message).join('; ') || error.reason}` };
      throw error;
    }
  }

  /** Starts each address not met before in this run, a few at a time, with the text of the first article naming it. */
  async function fetchAll(wanted: Map<string, { alt: string; caption: string; credit: string }>): Promise<void> {
    const fresh = [...wanted].filter(([url]) => !outcomes.has(url));
    let next = 0;
    const worker = async () => {
      while (next < fresh.length) {
        const [url, text] = fresh[next++]!;
        const outcome = bringHome(url, text);
        outcomes.set(url, outcome);
        await outcome;
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, fresh.length) }, worker));
  }

  function failed(url: string, reason: string, where: string): void {
    const failure = failures.get(url) ?? { url, reason, articles: [] };
    failure.articles.push(where);
    failures.set(url, failure);
  }

  return {
    failures: () => [...failures.values()],
    /** Pictures fetched over the network and stored in this run. */
    fetched: () => fetched,

    /** Points each article's remote lead and body images at stored copies, or drops those that could not be had. */
    async localize(batch: PreparedArticle[], fileName: string): Promise<void> {
      const wanted = new Map<string, { alt: string; caption: string; credit: string }>();
      // Only a body holding an image block is read: JSON.stringify writes one as "type":"image", which no text can hold (its quotes are escaped).
      const bodies = batch.map((p) => (p.body.includes('"type":"image"') ? (JSON.parse(p.body) as Block[]) : []));
      batch.forEach((p, i) => {
        if (isRemote(p.imageUrl) && !wanted.has(p.imageUrl)) wanted.set(p.imageUrl, { alt: p.imageAlt ?? '', caption: p.imageCaption ?? '', credit: '' });
        for (const b of bodies[i]!) {
          if (b.type === 'image' && isRemote(b.src) && !wanted.has(b.src)) wanted.set(b.src, { alt: b.alt, caption: b.caption ?? '', credit: b.credit ?? '' });
        }
      });
      if (wanted.size === 0) return;
      await fetchAll(wanted);
      const settled = new Map<string, Outcome>();
      for (const url of wanted.keys()) settled.set(url, await outcomes.get(url)!);

      batch.forEach((p, i) => {
        const where = `${fileName}: ${p.where}`;
        if (isRemote(p.imageUrl)) {
          const outcome = settled.get(p.imageUrl)!;
          if ('item' in outcome) Object.assign(p, { imageUrl: outcome.item.src, imageMediaId: outcome.item.id });
          else {
            failed(p.imageUrl, outcome.reason, where);
            Object.assign(p, { imageUrl: null, imageMediaId: null, imageAlt: null, imageCaption: null });
          }
        }
        const before = bodies[i]!;
        if (!before.some((b) => b.type === 'image' && isRemote(b.src))) return;
        const after = before.flatMap((b): Block[] => {
          if (b.type !== 'image' || !isRemote(b.src)) return [b];
          const outcome = settled.get(b.src)!;
          if ('reason' in outcome) {
            failed(b.src, outcome.reason, where);
            return [];
          }
          // The stored files and sizes, with this article's own words for the picture.
          const { caption: _caption, credit: _credit, ...stored } = media.imageBlock(outcome.item) as ImageBlock;
          return [{ ...stored, alt: b.alt, ...(b.caption ? { caption: b.caption } : {}), ...(b.credit ? { credit: b.credit } : {}) }];
        });
        p.body = JSON.stringify(after);
        const text = bodyText(after);
        // A dropped picture takes its caption out of the words the reading thread's search document was made from.
        if (text !== p.bodyText) Object.assign(p, { bodyText: text, searchDocument: undefined });
      });
    },

    /** Removes the files this run wrote: the import was rolled back, so no row points at them. */
    async discardWritten(): Promise<void> {
      await Promise.all(written.map((key) => options.storage.removeUpload(key)));
    },
  };
}

export type RemoteImages = ReturnType<typeof remoteImages>;
