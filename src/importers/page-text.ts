import type { Block } from '../content/blocks.js';
import { slugify } from '../content/slug.js';
import { ValidationError } from '../errors.js';
import { dateLine } from './dates.js';
import { isFurniture, isLinkBlockHeading, isLinkTitle, isPartnerHeading, isTrailerHeading, topicsLine } from './furniture.js';
import type { FormatReader, ImportedArticle } from './model.js';
import { checkLineLength } from './shape-limits.js';

/**
 * Reads a news page flattened to text (what a reader copies from a browser): a
 * kicker or breadcrumb, dates, headline, standfirst, byline, body paragraphs and
 * the page's furniture around and inside them, which is left out.
 */

interface Line {
  text: string;
  /** 1-based line number in the file. */
  no: number;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
const endsSentence = (text: string) => /[.!?…]["”’)]?$/.test(text);

const roleWords =
  /\b(editors?|correspondents?|reporters?|writers?|columnists?|contributors?|staff|chief|senior|deputy|bureau|desk|political|economics|science|producers?|photographers?|analysts?|team|agencies|agency|news|in|at|for|and)\b/i;
const nameParticles = new Set(['de', 'da', 'di', 'del', 'della', 'van', 'von', 'der', 'den', 'al', 'el', 'bin', 'ibn', 'le', 'la', 'du', 'dos', 'das', 'y', 'ter']);

/** One person's name: two to five words, each capitalised except particles ("Ursula von der Leyen"). */
function isPersonName(text: string): boolean {
  const parts = text.split(/\s+/);
  if (parts.length < 1 || parts.length > 5) return false;
  if (roleWords.test(text)) return false;
  return parts.every((p) => /^\p{Lu}[\p{L}'’.-]*$/u.test(p) || nameParticles.has(p));
}

/**
 * The names in a byline: "By Ido Vock", "By A and B", "Words by A, B & C",
 * "By A, Europe correspondent, in Kyiv". Undefined when the line is not a byline.
 */
export function parseByline(text: string): string[] | undefined {
  const m = /^(?:by|words by|written by|text by|reporting by|report by|interview by)[:\s]+(.+)$/i.exec(text);
  if (!m) return undefined;
  const people = m[1]!
    .split(/\s*[|•·—–]\s*/)[0]!
    .replace(/\s+(in|at|from)\s+\p{Lu}[\p{L}\s-]*$/u, '')
    .split(/\s*(?:,|;|\band\b|&)\s*/)
    .map((p) => p.trim().replace(/[.]$/, ''))
    .filter((p) => isPersonName(p));
  return people.length ? people : undefined;
}

/** A kicker as pages print it: "1. World", "Home > World > Europe", "WORLD". */
function sectionName(text: string): string | undefined {
  const crumbs = text
    .replace(/^\s*(?:\d+[.)]|[-•*·])\s+/, '')
    .split(/\s*(?:[>›»|/\\]|\s\d+\.\s)\s*/)
    .map((c) => c.replace(/^\d+[.)]\s*/, '').trim())
    .filter((c) => c && !/^(home|homepage|front page|news home)$/i.test(c));
  const name = crumbs[0];
  if (!name || wordCount(name) > 4 || endsSentence(name) || !/\p{L}/u.test(name)) return undefined;
  return name === name.toUpperCase() ? name.charAt(0) + name.slice(1).toLowerCase() : name;
}

const isBreadcrumbLike = (text: string) => /^\s*\d+[.)]\s+\S/.test(text) || /\s[>›»|/]\s/.test(text);

/** Splits the body's lines into blocks (lists, sub-headings and paragraphs), each with the line it starts on. */
function bodyBlocks(lines: Line[]): Array<{ block: Block; no: number }> {
  const blocks: Array<{ block: Block; no: number }> = [];
  let list: { ordered: boolean; items: string[]; no: number } | undefined;
  const flush = () => {
    if (list) blocks.push({ block: { type: 'list', ordered: list.ordered, items: list.items.map((text) => [{ text }]) }, no: list.no });
    list = undefined;
  };
  lines.forEach((line, i) => {
    const item = /^(?:([-•*·▪])|(\d+)[.)])\s+(.+)$/.exec(line.text);
    if (item) {
      const ordered = item[2] !== undefined;
      if (list && list.ordered !== ordered) flush();
      list ??= { ordered, items: [], no: line.no };
      list.items.push(item[3]!);
      return;
    }
    flush();
    const between = i > 0 && i < lines.length - 1;
    if (between && wordCount(line.text) <= 12 && !endsSentence(line.text) && !/[,;:"“”]$/.test(line.text) && !/^["“‘']/.test(line.text)) {
      blocks.push({ block: { type: 'heading', level: 2, text: line.text }, no: line.no });
    } else {
      blocks.push({ block: { type: 'paragraph', content: [{ text: line.text }] }, no: line.no });
    }
  });
  flush();
  return blocks;
}

/**
 * Drops furniture: single lines, and link blocks (a heading such as "Most read" and the titles
 * under it). Notes the line where paid-for links stood, to put the partner slot there.
 */
function withoutFurniture(lines: Line[], blankAfter: Set<number>): { kept: Line[]; topics: string[] | undefined; partnersAt: number | undefined } {
  const kept: Line[] = [];
  let topics: string[] | undefined;
  let partnersAt: number | undefined;
  let inLinkBlock = false;
  for (const line of lines) {
    const listed = topicsLine(line.text);
    if (listed) {
      topics = [...(topics ?? []), ...listed];
      continue;
    }
    if (isTrailerHeading(line.text)) return { kept, topics, partnersAt };
    if (isPartnerHeading(line.text)) partnersAt ??= line.no;
    if (isLinkBlockHeading(line.text)) {
      inLinkBlock = !blankAfter.has(line.no);
      continue;
    }
    if (inLinkBlock && isLinkTitle(line.text)) {
      inLinkBlock = !blankAfter.has(line.no);
      continue;
    }
    inLinkBlock = false;
    if (isFurniture(line.text)) continue;
    kept.push(line);
  }
  return { kept, topics, partnersAt };
}

/**
 * Reads page text into one article. Throws a ValidationError naming the file when
 * the text is not an article (no headline, or no body), when it does not look like a
 * news page (neither a date nor a byline) unless its format was named, or when a line
 * is past the cap.
 */
export const readPageText: FormatReader = (content, { name, timeZone, formatNamed }) => {
  checkLineLength(content, name);
  const all = content.split(/\r\n|\r|\n/).map((raw, i) => ({ text: raw.replace(/[\u200b-\u200d\ufeff]/g, '').replace(/\s+/g, ' ').trim(), no: i + 1 }));
  const blankAfter = new Set<number>();
  all.forEach((l, i) => {
    if (i + 1 >= all.length || all[i + 1]!.text === '') blankAfter.add(l.no);
  });
  const { kept, topics, partnersAt } = withoutFurniture(
    all.filter((l) => l.text !== ''),
    blankAfter,
  );

  let publishedAt: string | undefined;
  let updatedAt: string | undefined;
  let authors: string[] | undefined;
  const header: Line[] = [];
  let bodyStart = -1;
  // The header runs to the byline, or else to the first line that reads like a body paragraph.
  for (let i = 0; i < kept.length && i < 15; i++) {
    const line = kept[i]!;
    const date = dateLine(line.text, timeZone);
    if (date) {
      if (date.updated) updatedAt ??= date.iso;
      else publishedAt ??= date.iso;
      continue;
    }
    const byline = parseByline(line.text.split(/\s+[|•·—–]\s+/)[0]!);
    if (byline && !authors) {
      authors = byline;
      const dateInByline = line.text.split(/\s+[|•·—–]\s+/).slice(1).map((part) => dateLine(part, timeZone)).find(Boolean);
      if (dateInByline && !publishedAt) publishedAt = dateInByline.iso;
      if (header.length) {
        bodyStart = i + 1;
        break;
      }
      continue;
    }
    if (!authors && (wordCount(line.text) > 45 || (header.length >= 2 && wordCount(line.text) > 25))) {
      bodyStart = i;
      break;
    }
    if (authors && header.length) {
      bodyStart = i;
      break;
    }
    header.push(line);
  }
  if (bodyStart < 0) bodyStart = Math.min(kept.length, header.length ? kept.indexOf(header[header.length - 1]!) + 1 : 0);
  // Dates printed under the byline still belong to the header.
  for (let date = kept[bodyStart] && dateLine(kept[bodyStart]!.text, timeZone); date; date = kept[++bodyStart] && dateLine(kept[bodyStart]!.text, timeZone)) {
    if (date.updated) updatedAt ??= date.iso;
    else publishedAt ??= date.iso;
  }

  let section: string | undefined;
  let headline: Line | undefined;
  let standfirst: Line | undefined;
  const rest = [...header];
  if (rest.length >= 2 && (isBreadcrumbLike(rest[0]!.text) || rest.length >= 3 || !(endsSentence(rest[1]!.text) && wordCount(rest[1]!.text) >= 8))) {
    section = sectionName(rest[0]!.text);
    if (section) rest.shift();
  }
  headline = rest.shift();
  standfirst = rest.shift();
  // Lines past headline and standfirst (a second kicker, a photo credit) belong to neither; the body keeps them out.

  const bodyLines = kept.slice(bodyStart);
  if (!headline) throw new ValidationError(`${name}: not an article: no headline found`);
  // Any text has a first line and a paragraph; a news page also prints when it was published or who wrote it.
  if (!formatNamed && !publishedAt && !updatedAt && !authors) {
    throw new ValidationError(`${name}: does not look like a news page: no printed date and no byline ("By …") found; to import it as page text anyway, name the format (--format page-text)`);
  }
  const blocks = bodyBlocks(bodyLines);
  const body = blocks.map((b) => b.block);
  if (!body.some((b) => b.type === 'paragraph')) {
    throw new ValidationError(`${name}: not an article: no body paragraphs after the headline (line ${headline.no})`);
  }

  const sectionTitle = section ?? 'News';
  const article: ImportedArticle = {
    key: `text:${slugify(headline.text)}:${publishedAt?.slice(0, 10) ?? 'undated'}`,
    where: `line ${headline.no}`,
    headline: headline.text,
    standfirst: standfirst?.text ?? '',
    section: { name: sectionTitle },
    authors: (authors ?? []).map((n) => ({ name: n })),
    topics: (topics ?? []).map((n) => ({ name: n })),
    suggestTopics: !topics?.length,
    body,
    ...(partnersAt !== undefined && partnersAt > headline.no
      ? { partnerSlotAfter: blocks.filter((b) => b.no < partnersAt && b.block.type === 'paragraph').length }
      : {}),
    // Without a printed date there is nothing to publish with: an editor dates it.
    status: publishedAt ? 'published' : 'draft',
    ...(publishedAt ? { publishedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
  return { format: 'page-text', articles: [article], total: 1, skipped: [] };
};
