import { Parser } from 'htmlparser2';
import { ValidationError } from '../errors.js';

/** The text of an element's leaf children, by tag name (`wp:post_type` → `post`). */
export type Fields = Record<string, string>;

export interface WxrCategory {
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrItem {
  /** Line of the `<item>` tag, for messages that say where. */
  line: number;
  fields: Fields;
  categories: WxrCategory[];
  meta: Fields[];
}

export interface WxrScan {
  /** Attributes of the root element, where the wp: namespace is declared. */
  rootName: string;
  rootAttributes: Record<string, string>;
  channel: Fields;
  authors: Fields[];
  categories: Fields[];
  tags: Fields[];
  items: WxrItem[];
}

/** Channel children that are records of their own rather than fields. */
const channelGroups = new Set(['wp:author', 'wp:category', 'wp:tag', 'wp:term']);

/** Counts lines as the parser moves forward, so that every position costs only the text since the last one. */
function lineCounter(content: string) {
  let at = 0;
  let line = 1;
  return (index: number) => {
    for (let i = content.indexOf('\n', at); i !== -1 && i < index; i = content.indexOf('\n', i + 1)) line++;
    at = Math.max(at, index);
    return line;
  };
}

/**
 * Reads a WXR file in one streaming pass, keeping only what the importer uses:
 * the channel's fields, its authors, categories and tags, and each item's fields,
 * categories and post meta. Tags must nest properly; a tag left open or closed out
 * of order stops the import with the line where it happened, as an XML parser would.
 */
export function scanWxr(content: string, name: string): WxrScan {
  const lineAt = lineCounter(content);
  const stack: Array<{ tag: string; line: number }> = [];
  const scan: WxrScan = { rootName: '', rootAttributes: {}, channel: {}, authors: [], categories: [], tags: [], items: [] };
  let text = '';
  let group: Fields | undefined;
  let item: WxrItem | undefined;
  let meta: Fields | undefined;
  let category: Record<string, string> | undefined;
  let ending = false;

  const notWellFormed = (message: string): never => {
    throw new ValidationError(`${name}: not well-formed XML at line ${lineAt(parser.startIndex)}: ${message}`);
  };

  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        const parent = stack[stack.length - 1]?.tag;
        stack.push({ tag, line: lineAt(parser.startIndex) });
        text = '';
        if (stack.length === 1) {
          scan.rootName = tag;
          scan.rootAttributes = attributes;
        } else if (parent === 'channel' && tag === 'item') item = { line: stack[stack.length - 1]!.line, fields: {}, categories: [], meta: [] };
        else if (parent === 'channel' && channelGroups.has(tag)) group = {};
        else if (parent === 'item' && tag === 'wp:postmeta') meta = {};
        else if (parent === 'item' && tag === 'category') category = attributes;
      },
      ontext(data) {
        text += data;
      },
      onclosetag(tag, isImplied) {
        const open = stack.pop()!;
        if (isImplied) notWellFormed(`<${tag}> opened at line ${open.line} is still open ${ending ? 'at the end of the file' : 'where its parent closes'}`);
        const parent = stack[stack.length - 1]?.tag;
        const value = text.trim();
        text = '';
        if (tag === 'item' && item) {
          scan.items.push(item);
          item = undefined;
        } else if (parent === 'item' && item) {
          if (tag === 'category' && category) {
            item.categories.push({ domain: category.domain ?? '', nicename: category.nicename ?? '', name: value });
            category = undefined;
          } else if (tag === 'wp:postmeta' && meta) {
            item.meta.push(meta);
            meta = undefined;
          } else item.fields[tag] = value;
        } else if (parent === 'wp:postmeta' && meta) meta[tag] = value;
        else if (parent === 'channel' && group) {
          const list = tag === 'wp:author' ? scan.authors : tag === 'wp:category' ? scan.categories : tag === 'wp:tag' ? scan.tags : undefined;
          list?.push(group);
          group = undefined;
        } else if (group && channelGroups.has(parent ?? '')) group[tag] = value;
        else if (parent === 'channel') scan.channel[tag] = value;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(content);
  ending = true;
  parser.end();
  if (scan.rootName === '') throw new ValidationError(`${name}: not well-formed XML at line 1: no root element`);
  return scan;
}
