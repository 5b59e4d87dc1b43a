import { createHash } from 'node:crypto';
import type { CardText } from './card-svg.js';

/** Bump when the card's design changes, so every card is drawn again and shared links get the new one. */
const DESIGN = 1;

/**
 * A short digest of what a card draws: the file's name on disk and the `v` of its URL. A new
 * headline, a renamed section or a new design gives a new key, so the card is redrawn and
 * caches that kept the old URL keep the old picture only under the old URL.
 */
export const cardKey = (text: CardText): string =>
  createHash('sha256').update(JSON.stringify([DESIGN, text.headline, text.section, text.siteName])).digest('base64url').slice(0, 16);

/** The card's path on the site, e.g. `/cards/12.png?v=…`. */
export const cardPath = (articleId: number, text: CardText): string => `/cards/${articleId}.png?v=${cardKey(text)}`;
