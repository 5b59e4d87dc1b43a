import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { cardKey } from './card-key.js';
import { shareCardSvg, type CardText } from './card-svg.js';
import { shareCardStore } from './share-card-store.js';

export interface ShareCard {
  png: Buffer;
  /** The digest of what it draws (see cardKey). */
  key: string;
}

/** Draws a card's SVG into a 1200 × 630 PNG. sharp (libvips) is loaded on the first card, not when the server starts. */
export async function renderShareCard(text: CardText): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(shareCardSvg(text))).png({ compressionLevel: 9, palette: true }).toBuffer();
}

/**
 * Share cards for published articles, drawn once and kept on disk as `dir/<id>/<key>.png`:
 * a warm card costs one primary-key read and one file read. Drawing a new version removes
 * the article's older ones, so the folder holds one card per article that was shared.
 */
export function shareCardService(db: Kysely<DB>, { dir }: { dir: string }) {
  const store = shareCardStore(db);
  /** Cards being drawn now, so that a burst of requests for a new card draws it once. */
  const drawing = new Map<string, Promise<Buffer>>();

  async function draw(articleId: number, key: string, text: CardText): Promise<Buffer> {
    const folder = join(dir, String(articleId));
    const png = await renderShareCard(text);
    await mkdir(folder, { recursive: true });
    // Written aside and renamed, so a reader never gets half a file.
    const partial = join(folder, `${key}.${process.pid}.tmp`);
    await writeFile(partial, png);
    await rename(partial, join(folder, `${key}.png`));
    for (const old of await readdir(folder)) if (old !== `${key}.png` && old.endsWith('.png')) await rm(join(folder, old), { force: true });
    return png;
  }

  return {
    /** The card of a published article (drawn now if its text changed); undefined for any other id. */
    async card(articleId: number, siteName: string): Promise<ShareCard | undefined> {
      const subject = await store.publishedCardSubject(articleId);
      if (!subject) return undefined;
      const text = { ...subject, siteName };
      const key = cardKey(text);
      const stored = await readFile(join(dir, String(articleId), `${key}.png`)).catch(() => undefined);
      if (stored) return { png: stored, key };
      const id = `${articleId}/${key}`;
      let pending = drawing.get(id);
      if (!pending) {
        pending = draw(articleId, key, text).finally(() => drawing.delete(id));
        drawing.set(id, pending);
      }
      return { png: await pending, key };
    },
  };
}

export type ShareCardService = ReturnType<typeof shareCardService>;
