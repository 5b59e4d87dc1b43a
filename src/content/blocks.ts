import { z } from 'zod';
import { fromZod } from '../errors.js';
import { urlSchema } from './urls.js';

/**
 * The article body: an ordered list of typed blocks. Text is stored as plain
 * strings and rendered by construction (never as raw HTML), so nothing in a
 * body can inject markup. Add a block type with one schema entry here, one
 * component in site/, one case in the renderer.
 */

/** A run of text with optional emphasis and link. */
export const inlineSchema = z.strictObject({
  text: z.string().max(20_000),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  href: urlSchema.optional(),
});
export type Inline = z.infer<typeof inlineSchema>;

const inlines = z.array(inlineSchema).min(1, 'needs some text');

export const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('paragraph'), content: inlines }),
  z.strictObject({ type: z.literal('heading'), level: z.union([z.literal(2), z.literal(3), z.literal(4)]), text: z.string().min(1).max(500) }),
  z.strictObject({ type: z.literal('quote'), content: inlines, attribution: z.string().max(500).optional() }),
  z.strictObject({ type: z.literal('pullquote'), text: z.string().min(1).max(1000), attribution: z.string().max(500).optional() }),
  z.strictObject({
    type: z.literal('image'),
    src: urlSchema,
    alt: z.string().max(1000),
    caption: z.string().max(2000).optional(),
    credit: z.string().max(500).optional(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    /** The same image at other widths (uploads: media/), rendered as srcset. */
    sources: z.array(z.strictObject({ src: urlSchema, width: z.number().int().positive() })).max(10).optional(),
    /** The same widths in AVIF (uploads since AVIF was added), offered first to browsers that read it. */
    avif: z.array(z.strictObject({ src: urlSchema, width: z.number().int().positive() })).max(10).optional(),
  }),
  z.strictObject({ type: z.literal('list'), ordered: z.boolean(), items: z.array(inlines).min(1) }),
  z.strictObject({
    type: z.literal('embed'),
    url: urlSchema,
    title: z.string().max(500),
    provider: z.string().max(100).optional(),
    /** Already sanitised by the importer or editor that made it. */
    html: z.string().max(50_000).optional(),
  }),
  /** A correction or update note readers see in the body, dated in the publication's time zone. */
  z.strictObject({
    type: z.literal('note'),
    kind: z.enum(['correction', 'update']),
    date: z.iso.date({ message: 'must be a date like 2026-01-07' }),
    text: z.string().trim().min(1, 'is required').max(2000),
  }),
  /** A thematic break between parts of a long read. */
  z.strictObject({ type: z.literal('divider') }),
]);
export type Block = z.infer<typeof blockSchema>;
export type BlockType = Block['type'];

/** The current version of the stored body format; bump it with a migration of old bodies. */
export const BODY_VERSION = 1;

export const bodySchema = z.array(blockSchema);
export type Body = Block[];

/** Validates blocks from any edge, naming the block and field at fault. */
export function parseBody(input: unknown): Body {
  const result = bodySchema.safeParse(input);
  if (!result.success) {
    throw fromZod('The article body is malformed', {
      issues: result.error.issues.map((i) => ({ ...i, path: ['body', ...i.path] })),
    });
  }
  return result.data;
}

/** Plain text of a block, for search, feeds, excerpts and topic suggestion. */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'quote':
      return block.content.map((i) => i.text).join('');
    case 'heading':
    case 'pullquote':
      return block.text;
    case 'image':
      return [block.caption, block.credit].filter(Boolean).join(' ');
    case 'list':
      return block.items.map((item) => item.map((i) => i.text).join('')).join('\n');
    case 'embed':
      return block.title;
    case 'note':
      return block.text;
    case 'divider':
      return '';
  }
}

export function bodyText(body: Body): string {
  return body.map(blockText).filter(Boolean).join('\n\n');
}

/** Builders for code that writes bodies (demo content, importers, tests). */
export const b = {
  p: (text: string): Block => ({ type: 'paragraph', content: [{ text }] }),
  h2: (text: string): Block => ({ type: 'heading', level: 2, text }),
  h3: (text: string): Block => ({ type: 'heading', level: 3, text }),
  quote: (text: string, attribution?: string): Block => ({ type: 'quote', content: [{ text }], ...(attribution ? { attribution } : {}) }),
  pullquote: (text: string, attribution?: string): Block => ({ type: 'pullquote', text, ...(attribution ? { attribution } : {}) }),
  divider: (): Block => ({ type: 'divider' }),
  list: (items: string[], ordered = false): Block => ({ type: 'list', ordered, items: items.map((text) => [{ text }]) }),
  image: (src: string, alt: string, caption?: string, credit?: string): Block => ({
    type: 'image',
    src,
    alt,
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
  }),
};
