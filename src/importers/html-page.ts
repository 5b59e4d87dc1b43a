import { createRequire } from 'node:module';
import type { Readability as ReadabilityType } from '@mozilla/readability';
import type { parseHTML as parseHTMLType } from 'linkedom';
import { slugify } from '../content/slug.js';
import { isAbsoluteHttpUrl } from '../content/urls.js';
import { ValidationError } from '../errors.js';
import { findDate } from './dates.js';
import { htmlToBlocks } from './html-blocks.js';
import type { FormatReader, ImportedArticle } from './model.js';
import { checkHtmlDepth } from './shape-limits.js';

/**
 * A saved article page. The body comes from @mozilla/readability (which finds the
 * article among the page's navigation and asides); headline, standfirst, authors,
 * dates, section and image from the page's own metadata, in order of trust:
 * schema.org JSON-LD (NewsArticle), then Open Graph and article: tags, then plain meta tags.
 */

type Json = Record<string, unknown>;

// Loaded on the first HTML page imported, not by every process that imports the importers: a DOM is ~20 MB.
const load = createRequire(import.meta.url);
let dom: { parseHTML: typeof parseHTMLType; Readability: typeof ReadabilityType } | undefined;
const domLibraries = () => (dom ??= { parseHTML: load('linkedom').parseHTML, Readability: load('@mozilla/readability').Readability });
const articleTypes = /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BlogPosting|ReviewNewsArticle|BackgroundNewsArticle)$/;

function jsonLdArticle(document: Document): Json | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const queue: unknown[] = Array.isArray(data) ? [...data] : [data];
    while (queue.length) {
      const node = queue.shift() as Json | undefined;
      if (!node || typeof node !== 'object') continue;
      if (Array.isArray(node['@graph'])) queue.push(...(node['@graph'] as unknown[]));
      const types = ([] as unknown[]).concat(node['@type']).map(String);
      if (types.some((t) => articleTypes.test(t))) return node;
    }
  }
  return undefined;
}

const asText = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) return asText(v[0]);
  if (v && typeof v === 'object') return asText((v as Json).name ?? (v as Json).url);
  return undefined;
};

const names = (v: unknown): string[] =>
  ([] as unknown[])
    .concat(v ?? [])
    .map((x) => asText(x))
    .filter((x): x is string => Boolean(x) && !/^https?:\/\//.test(x!));

const toIso = (v: string | undefined, timeZone: string): string | undefined => {
  if (!v) return undefined;
  const ms = Date.parse(v);
  if (!Number.isNaN(ms) && /\d{4}-\d{2}-\d{2}T/.test(v)) return new Date(ms).toISOString();
  return findDate(v, timeZone)?.iso;
};

export const readHtmlPage: FormatReader = (content, { name, timeZone }) => {
  checkHtmlDepth(content, name);
  const { parseHTML, Readability } = domLibraries();
  const { document } = parseHTML(content);
  const meta = (key: string) =>
    document.querySelector(`meta[property="${key}"]`)?.getAttribute('content')?.trim() || document.querySelector(`meta[name="${key}"]`)?.getAttribute('content')?.trim() || undefined;
  const metas = (key: string) => [...document.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`)].map((m) => m.getAttribute('content')?.trim() ?? '').filter(Boolean);
  const ld = jsonLdArticle(document as unknown as Document) ?? {};
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url') ?? asText(ld.url);

  // Readability changes the document it reads, so the metadata is read first.
  const readable = new Readability(parseHTML(content).document as unknown as Document, { charThreshold: 100 }).parse();
  const headline = asText(ld.headline) ?? meta('og:title') ?? readable?.title ?? document.querySelector('title')?.textContent?.trim();
  if (!headline) throw new ValidationError(`${name}: not an article: the page has no headline (no JSON-LD headline, og:title or <title>)`);
  const body = readable?.content ? htmlToBlocks(readable.content) : [];
  const standfirst = asText(ld.description) ?? meta('og:description') ?? meta('description') ?? readable?.excerpt ?? '';
  // Readability keeps the headline and standfirst when the page repeats them above the body.
  while (body.length && body[0]!.type !== 'image' && ['heading', 'paragraph'].includes(body[0]!.type) && [headline, standfirst].includes(textOf(body[0]!))) body.shift();
  if (!body.some((b) => b.type === 'paragraph')) throw new ValidationError(`${name}: not an article: no body text found in the page`);

  const authors = names(ld.author);
  if (!authors.length) authors.push(...metas('article:author').filter((a) => !/^https?:/.test(a)), ...(meta('author') ? [meta('author')!] : []));
  if (!authors.length && readable?.byline) authors.push(...readable.byline.replace(/^by\s+/i, '').split(/\s*(?:,|\band\b|&)\s*/).filter(Boolean));
  const section = asText(ld.articleSection) ?? meta('article:section');
  const keywords = ([] as string[]).concat(...metas('article:tag').map((t) => [t]), typeof ld.keywords === 'string' ? ld.keywords.split(',') : names(ld.keywords));
  const publishedAt = toIso(asText(ld.datePublished) ?? meta('article:published_time') ?? readable?.publishedTime ?? undefined, timeZone);
  const updatedAt = toIso(asText(ld.dateModified) ?? meta('article:modified_time'), timeZone);
  const image = asText(ld.image) ?? meta('og:image');
  const imageAlt = meta('og:image:alt') ?? meta('twitter:image:alt');

  const article: ImportedArticle = {
    key: `html:${canonical ?? `${slugify(headline)}:${publishedAt?.slice(0, 10) ?? 'undated'}`}`,
    where: 'the page',
    headline,
    standfirst,
    section: { name: section ?? 'News' },
    authors: [...new Set(authors.map((a) => a.trim()))].map((a) => ({ name: a })),
    topics: [...new Set(keywords.map((k) => k.trim()).filter(Boolean))].map((k) => ({ name: k })),
    body,
    status: publishedAt ? 'published' : 'draft',
    ...(publishedAt ? { publishedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    // A page's share image is its furniture, not the article: a broken one is left out rather than refusing the page.
    imageUrl: image && isAbsoluteHttpUrl(image) ? image : null,
    imageAlt,
  };
  return { format: 'html', articles: [article], total: 1, skipped: [] };
};

function textOf(block: { type: string; text?: string; content?: Array<{ text: string }> }): string {
  return block.text ?? block.content?.map((c) => c.text).join('') ?? '';
}
