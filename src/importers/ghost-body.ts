import { DomUtils, parseDOM } from 'htmlparser2';
import type { Block, Inline } from '../content/blocks.js';
import { isAbsoluteHttpUrl, isAcceptedUrl } from '../content/urls.js';
import { htmlToBlocks } from './html-blocks.js';

/**
 * Ghost's stored post formats to body blocks: Lexical (Ghost 5+) and Mobiledoc
 * (Ghost 1–4). Both are structured documents, so they map to blocks directly;
 * only their raw HTML cards go through the HTML importer's allow-list.
 */

/** A URL kept by the URL rule (http(s) or a path on this site); anything else is dropped with its image or link. */
const httpUrl = (url: unknown): string | undefined => (typeof url === 'string' && isAcceptedUrl(url.trim()) ? url.trim() : undefined);

/** Captions are stored as HTML; a block keeps their text. */
const plain = (html: unknown): string | undefined => {
  if (typeof html !== 'string' || !html.trim()) return undefined;
  const text = DomUtils.textContent(parseDOM(html)).replace(/\s+/g, ' ').trim();
  return text || undefined;
};

function tidy(runs: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.bold === r.bold && last.italic === r.italic && last.href === r.href) last.text += r.text;
    else out.push({ ...r });
  }
  if (out.length) {
    out[0]!.text = out[0]!.text.trimStart();
    out[out.length - 1]!.text = out[out.length - 1]!.text.trimEnd();
  }
  return out.filter((r) => r.text).map((r) => ({ text: r.text, ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italic: true } : {}), ...(r.href ? { href: r.href } : {}) }));
}

function image(src: unknown, alt: unknown, caption: unknown, width?: unknown, height?: unknown): Block | undefined {
  const url = httpUrl(src);
  if (!url) return undefined;
  const text = plain(caption);
  const size = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined);
  return {
    type: 'image',
    src: url,
    alt: typeof alt === 'string' ? alt.slice(0, 1000) : '',
    ...(text ? { caption: text.slice(0, 2000) } : {}),
    ...(size(width) ? { width: size(width) } : {}),
    ...(size(height) ? { height: size(height) } : {}),
  };
}

function embed(url: unknown, title: unknown): Block | undefined {
  const u = httpUrl(url);
  if (!u || !isAbsoluteHttpUrl(u)) return undefined;
  const provider = new URL(u).hostname.replace(/^www\./, '');
  return { type: 'embed', url: u, title: (typeof title === 'string' && title ? title : provider).slice(0, 500), provider: provider.slice(0, 100) };
}

/** Markdown cards are kept as their paragraphs' text; their few marks are not worth a second parser. */
const markdownParagraphs = (md: unknown): Block[] =>
  typeof md === 'string'
    ? md
        .split(/\n\s*\n/)
        .map((p) => p.replace(/^#+\s*|[*_`]/g, '').replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .map((text) => ({ type: 'paragraph', content: [{ text }] }))
    : [];

// ---- Lexical ---------------------------------------------------------------

interface LexicalNode {
  type?: string;
  text?: string;
  format?: number | string;
  url?: string;
  tag?: string;
  listType?: string;
  children?: LexicalNode[];
  [key: string]: unknown;
}

function lexicalInline(nodes: LexicalNode[] | undefined, href: string | undefined, out: Inline[]): void {
  for (const n of nodes ?? []) {
    if (n.type === 'text' || n.type === 'extended-text') {
      const format = typeof n.format === 'number' ? n.format : 0;
      out.push({ text: n.text ?? '', ...(format & 1 ? { bold: true } : {}), ...(format & 2 ? { italic: true } : {}), ...(href ? { href } : {}) });
    } else if (n.type === 'linebreak') out.push({ text: ' ', ...(href ? { href } : {}) });
    else if (n.type === 'link' || n.type === 'autolink') lexicalInline(n.children, httpUrl(n.url) ?? href, out);
    else lexicalInline(n.children, href, out);
  }
}

const lexicalRuns = (node: LexicalNode) => {
  const runs: Inline[] = [];
  lexicalInline(node.children, undefined, runs);
  return tidy(runs);
};

function lexicalBlock(n: LexicalNode, out: Block[]): void {
  switch (n.type) {
    case 'paragraph': {
      const content = lexicalRuns(n);
      if (content.length) out.push({ type: 'paragraph', content });
      return;
    }
    case 'heading':
    case 'extended-heading': {
      const text = lexicalRuns(n).map((r) => r.text).join('').slice(0, 500);
      const level = n.tag === 'h3' ? 3 : n.tag === 'h4' || n.tag === 'h5' || n.tag === 'h6' ? 4 : 2;
      if (text) out.push({ type: 'heading', level, text });
      return;
    }
    case 'quote':
    case 'extended-quote': {
      const content = lexicalRuns(n);
      if (content.length) out.push({ type: 'quote', content });
      return;
    }
    case 'aside': {
      const text = lexicalRuns(n).map((r) => r.text).join('').slice(0, 1000);
      if (text) out.push({ type: 'pullquote', text });
      return;
    }
    case 'list': {
      const items = (n.children ?? []).map((li) => lexicalRuns(li)).filter((i) => i.length);
      if (items.length) out.push({ type: 'list', ordered: n.listType === 'number', items });
      return;
    }
    case 'image': {
      const b = image(n.src, n.alt, n.caption, n.width, n.height);
      if (b) out.push(b);
      return;
    }
    case 'embed':
    case 'bookmark': {
      const meta = (n.metadata ?? {}) as { title?: unknown };
      const b = embed(n.url, meta.title);
      if (b) out.push(b);
      return;
    }
    case 'html':
      if (typeof n.html === 'string') out.push(...htmlToBlocks(n.html));
      return;
    case 'markdown':
      out.push(...markdownParagraphs(n.markdown));
      return;
    case 'codeblock':
      if (typeof n.code === 'string' && n.code.trim()) out.push({ type: 'paragraph', content: [{ text: n.code.trim().slice(0, 20_000) }] });
      return;
    default:
      // Layout-only cards (dividers, buttons, signup forms) carry no article text.
      for (const child of n.children ?? []) lexicalBlock(child, out);
  }
}

/** A Lexical document (the JSON string Ghost stores in `posts.lexical`) to blocks. */
export function lexicalToBlocks(json: string): Block[] {
  const doc = JSON.parse(json) as { root?: LexicalNode };
  const blocks: Block[] = [];
  for (const n of doc.root?.children ?? []) lexicalBlock(n, blocks);
  return blocks;
}

// ---- Mobiledoc -------------------------------------------------------------

type Marker = [number, number[], number, unknown];
interface Mobiledoc {
  markups?: Array<[string, unknown[]?]>;
  cards?: Array<[string, Record<string, unknown>]>;
  sections?: unknown[][];
}

function mobiledocRuns(markers: Marker[], markups: Array<[string, unknown[]?]>): Inline[] {
  const open: Array<[string, unknown[]?]> = [];
  const runs: Inline[] = [];
  for (const [kind, opens, closes, value] of markers) {
    for (const i of opens) if (markups[i]) open.push(markups[i]!);
    if (kind === 0 && typeof value === 'string') {
      const tags = open.map(([t]) => t.toLowerCase());
      const link = open.find(([t]) => t.toLowerCase() === 'a');
      const attrs = link?.[1] ?? [];
      const href = httpUrl(attrs[attrs.indexOf('href') + 1]);
      runs.push({
        text: value,
        ...(tags.includes('strong') || tags.includes('b') ? { bold: true } : {}),
        ...(tags.includes('em') || tags.includes('i') ? { italic: true } : {}),
        ...(href ? { href } : {}),
      });
    }
    open.splice(open.length - closes, closes);
  }
  return tidy(runs);
}

/** A Mobiledoc document (the JSON string Ghost stores in `posts.mobiledoc`) to blocks. */
export function mobiledocToBlocks(json: string): Block[] {
  const doc = JSON.parse(json) as Mobiledoc;
  const markups = doc.markups ?? [];
  const blocks: Block[] = [];
  for (const section of doc.sections ?? []) {
    const [kind] = section;
    if (kind === 1) {
      const tag = String(section[1]).toLowerCase();
      const content = mobiledocRuns(section[2] as Marker[], markups);
      if (!content.length) continue;
      const text = content.map((r) => r.text).join('');
      if (/^h[1-6]$/.test(tag)) blocks.push({ type: 'heading', level: tag === 'h1' || tag === 'h2' ? 2 : tag === 'h3' ? 3 : 4, text: text.slice(0, 500) });
      else if (tag === 'blockquote') blocks.push({ type: 'quote', content });
      else if (tag === 'aside') blocks.push({ type: 'pullquote', text: text.slice(0, 1000) });
      else blocks.push({ type: 'paragraph', content });
    } else if (kind === 2) {
      const b = image(section[1], '', undefined);
      if (b) blocks.push(b);
    } else if (kind === 3) {
      const items = (section[2] as Marker[][]).map((m) => mobiledocRuns(m, markups)).filter((i) => i.length);
      if (items.length) blocks.push({ type: 'list', ordered: String(section[1]).toLowerCase() === 'ol', items });
    } else if (kind === 10) {
      const card = doc.cards?.[section[1] as number];
      if (!card) continue;
      const [name, payload] = card;
      if (name === 'image') {
        const b = image(payload.src, payload.alt, payload.caption, payload.width, payload.height);
        if (b) blocks.push(b);
      } else if (name === 'embed' || name === 'bookmark') {
        const b = embed(payload.url, (payload.metadata as { title?: unknown } | undefined)?.title ?? payload.title);
        if (b) blocks.push(b);
      } else if (name === 'html' && typeof payload.html === 'string') blocks.push(...htmlToBlocks(payload.html));
      else if (name === 'markdown' || name === 'card-markdown') blocks.push(...markdownParagraphs(payload.markdown));
    }
  }
  return blocks;
}
