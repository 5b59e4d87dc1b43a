import { DomUtils, parseDOM } from 'htmlparser2';
import type { Block, Inline } from '../content/blocks.js';
import { isAbsoluteHttpUrl, isAcceptedUrl } from '../content/urls.js';

/**
 * Imported HTML (a Ghost post, WordPress content, a page's article) to typed body
 * blocks. This is the sanitiser: htmlparser2 reads the HTML, and only an allow-list
 * of tags with a block or inline meaning becomes blocks, which hold plain text and
 * URLs kept by the URL rule (src/content/urls.ts). No markup, attribute or script of
 * the source can reach a page, so there is no second HTML clean-up pass to pay for on
 * every imported post.
 */

/** Elements whose text is not reader-facing prose: dropped with everything inside. */
const dropped = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'nav', 'button', 'form', 'svg', 'template', 'title', 'head', 'select', 'object', 'canvas', 'math']);

/** A URL kept by the URL rule (http(s) or a path on this site); anything else is dropped with its image or link. */
const safeUrl = (url: string | null | undefined): string | undefined => {
  const trimmed = url?.trim();
  return trimmed && isAcceptedUrl(trimmed) ? trimmed : undefined;
};

interface Style {
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

type Node = ReturnType<typeof parseDOM>[number];
type Element = Extract<Node, { attribs: Record<string, string> }>;

const blockTags = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'img', 'figure', 'iframe', 'div', 'section', 'article', 'main', 'aside', 'pre', 'table', 'tbody', 'thead', 'tr', 'td', 'th', 'li']);

/** Merges neighbouring runs with the same emphasis and link, and trims the ends. */
function tidy(runs: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const run of runs) {
    // Most runs hold single spaces only, which replacing would copy for nothing.
    const text = /[^\S ]| {2}/.test(run.text) ? run.text.replace(/\s+/g, ' ') : run.text;
    const last = out[out.length - 1];
    if (last && last.bold === run.bold && last.italic === run.italic && last.href === run.href) last.text += text;
    else out.push({ ...run, text });
  }
  if (out.length) {
    out[0]!.text = out[0]!.text.trimStart();
    out[out.length - 1]!.text = out[out.length - 1]!.text.trimEnd();
  }
  return out
    .filter((r) => r.text.length > 0)
    .map((r) => ({ text: r.text.slice(0, 20_000), ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italic: true } : {}), ...(r.href ? { href: r.href } : {}) }));
}

function inlineRuns(node: Element, style: Style, out: Inline[]): void {
  for (const child of node.children) inlineNode(child, style, out);
}

function inlineNode(node: Node, style: Style, out: Inline[]): void {
  if (DomUtils.isText(node)) {
    out.push({ text: node.data, ...style });
    return;
  }
  if (!DomUtils.isTag(node)) return;
  const tag = node.name;
  if (dropped.has(tag)) return;
  if (tag === 'br') out.push({ text: ' ', ...style });
  else if (tag === 'strong' || tag === 'b') inlineRuns(node, { ...style, bold: true }, out);
  else if (tag === 'em' || tag === 'i' || tag === 'cite') inlineRuns(node, { ...style, italic: true }, out);
  else if (tag === 'a') inlineRuns(node, { ...style, href: safeUrl(node.attribs.href) ?? style.href }, out);
  else if (tag !== 'img' && tag !== 'iframe') inlineRuns(node, style, out);
}

/** The reader-facing text inside an element, without the dropped elements' contents. */
function rawTextOf(node: Element): string {
  const runs: Inline[] = [];
  inlineRuns(node, {}, runs);
  return runs.map((r) => r.text).join('');
}

const textOf = (node: Element) => rawTextOf(node).replace(/\s+/g, ' ').trim();
const find = (node: Element, name: string) => DomUtils.findOne((e) => e.name === name, node.children);

function imageBlock(img: Element, caption?: string): Block | undefined {
  const src = safeUrl(img.attribs.src);
  if (!src) return undefined;
  const size = (name: string) => {
    const n = Number(img.attribs[name]);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const width = size('width');
  const height = size('height');
  return {
    type: 'image',
    src,
    alt: (img.attribs.alt ?? '').slice(0, 1000),
    ...(caption ? { caption: caption.slice(0, 2000) } : {}),
    ...(width ? { width } : {}),
    ...(height ? { height } : {}),
  };
}

function embedBlock(frame: Element): Block | undefined {
  const url = safeUrl(frame.attribs.src);
  if (!url || !isAbsoluteHttpUrl(url)) return undefined;
  const provider = new URL(url).hostname.replace(/^www\./, '');
  return { type: 'embed', url, title: (frame.attribs.title ?? provider).slice(0, 500), provider: provider.slice(0, 100) };
}

function walk(nodes: Node[], blocks: Block[]): void {
  let pending: Inline[] = [];
  const flush = () => {
    const content = tidy(pending);
    if (content.length) blocks.push({ type: 'paragraph', content });
    pending = [];
  };
  for (const child of nodes) {
    if (!DomUtils.isTag(child) || !blockTags.has(child.name)) {
      inlineNode(child, {}, pending);
      continue;
    }
    flush();
    const tag = child.name;
    switch (tag) {
      case 'p': {
        const runs: Inline[] = [];
        inlineRuns(child, {}, runs);
        const content = tidy(runs);
        if (content.length) blocks.push({ type: 'paragraph', content });
        const img = find(child, 'img');
        const image = img && imageBlock(img);
        if (image) blocks.push(image);
        break;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const text = textOf(child).slice(0, 500);
        const level = tag === 'h1' || tag === 'h2' ? 2 : tag === 'h3' ? 3 : 4;
        if (text) blocks.push({ type: 'heading', level, text });
        break;
      }
      case 'blockquote': {
        const cite = find(child, 'cite') ?? find(child, 'footer');
        const attribution = cite ? textOf(cite).replace(/^[—–-]\s*/, '') : undefined;
        if (cite) DomUtils.removeElement(cite);
        const runs: Inline[] = [];
        for (const part of child.children) {
          if (runs.length) runs.push({ text: ' ' });
          inlineNode(part, {}, runs);
        }
        const content = tidy(runs);
        const extra = attribution ? { attribution: attribution.slice(0, 500) } : {};
        if (/pull/i.test(child.attribs.class ?? '') && content.length) blocks.push({ type: 'pullquote', text: content.map((r) => r.text).join('').slice(0, 1000), ...extra });
        else if (content.length) blocks.push({ type: 'quote', content, ...extra });
        break;
      }
      case 'ul':
      case 'ol': {
        const items = child.children
          .filter((li): li is Element => DomUtils.isTag(li) && li.name === 'li')
          .map((li) => {
            const runs: Inline[] = [];
            inlineRuns(li, {}, runs);
            return tidy(runs);
          })
          .filter((item) => item.length);
        if (items.length) blocks.push({ type: 'list', ordered: tag === 'ol', items });
        break;
      }
      case 'img': {
        const image = imageBlock(child);
        if (image) blocks.push(image);
        break;
      }
      case 'figure': {
        const img = find(child, 'img');
        const frame = find(child, 'iframe');
        const caption = find(child, 'figcaption');
        const block = img ? imageBlock(img, caption ? textOf(caption) : undefined) : frame ? embedBlock(frame) : undefined;
        if (block) blocks.push(block);
        else if (caption) walk(caption.children, blocks);
        break;
      }
      case 'iframe': {
        const embed = embedBlock(child);
        if (embed) blocks.push(embed);
        break;
      }
      case 'pre': {
        const text = rawTextOf(child).trim();
        if (text) blocks.push({ type: 'paragraph', content: [{ text: text.slice(0, 20_000) }] });
        break;
      }
      default:
        walk(child.children, blocks);
    }
  }
  flush();
}

/**
 * Imported HTML to body blocks.
 *
 * @example htmlToBlocks('<p>Hello <b>world</b></p>') // [{ type: 'paragraph', content: [{ text: 'Hello ' }, { text: 'world', bold: true }] }]
 */
export function htmlToBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  walk(parseDOM(html), blocks);
  return blocks;
}

/**
 * WordPress stores posts without paragraph tags: a blank line separates
 * paragraphs and a single newline is a line break. This restores the tags
 * (what WordPress does when it shows a post) before the HTML is read.
 */
export function paragraphsFromNewlines(html: string): string {
  if (!/\n\s*\n/.test(html)) return html;
  return html
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (/^<(p|h\d|ul|ol|blockquote|figure|div|table|pre|iframe|!--)[\s>]/i.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>')}</p>`))
    .join('\n');
}

/**
 * The text of a short piece of imported HTML (an excerpt, a caption), whitespace collapsed.
 *
 * @example plainText('<p>The quay <em>at dusk</em></p>') // 'The quay at dusk'
 */
export function plainText(html: string): string {
  // Most excerpts are text already: without a tag, an entity or a NUL there is nothing to parse.
  const text = /[<&\0]/.test(html) ? DomUtils.textContent(parseDOM(html)) : html;
  return text.replace(/\s+/g, ' ').trim();
}
