import { SaxesParser, type SaxesTagNS } from 'saxes';
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

/** One of the channel's records: an entry of its author, category or tag lists, or an item. */
export type WxrRecord = { kind: 'author' | 'category' | 'tag'; fields: Fields } | { kind: 'item'; item: WxrItem };

/**
 * What is known of the file so far: the root, the namespace and the channel's fields
 * fill in as `records` is read, so they are complete once it is done.
 */
export interface WxrScan {
  rootName: string;
  /** Whether the file uses WordPress's export namespace (on any element read so far). */
  wordpressNamespace: boolean;
  /** The channel's own fields; the first of a name counts. */
  channel: Fields;
  /** The channel's records in the file's order, read a chunk of the file at a time as they are asked for. */
  records: Generator<WxrRecord>;
}

/** How much of the file is parsed at a time: enough that a batch of items is soon ready, small enough not to wait on the whole file. */
const CHUNK = 256 * 1024;

/** Channel children that are records of their own rather than fields. */
const channelGroups = new Map<string, 'author' | 'category' | 'tag' | undefined>([
  ['wp:author', 'author'],
  ['wp:category', 'category'],
  ['wp:tag', 'tag'],
  ['wp:term', undefined],
]);

const WORDPRESS = /^https?:\/\/wordpress\.org\/export\/[\d.]+\/$/;

/**
 * The prefix the importer knows a namespace by, whatever prefix the file declared
 * it with: WordPress writes wp:, content:, excerpt: and dc:, other tools may not.
 */
function knownPrefix(uri: string): string | undefined {
  if (WORDPRESS.test(uri)) return 'wp';
  if (/^https?:\/\/wordpress\.org\/export\/[\d.]+\/excerpt\/$/.test(uri)) return 'excerpt';
  if (uri === 'http://purl.org/rss/1.0/modules/content/') return 'content';
  if (uri === 'http://purl.org/dc/elements/1.1/') return 'dc';
  return undefined;
}

/**
 * `<!ENTITY name "value">` declarations of a DOCTYPE's internal subset, which a
 * non-validating XML parser must honour. Values are taken as text, not expanded
 * again, so an entity cannot multiply itself.
 */
function internalEntities(doctype: string): Array<[string, string]> {
  const subset = /\[([\s\S]*)\]/.exec(doctype)?.[1] ?? '';
  return [...subset.matchAll(/<!ENTITY\s+([^\s%"'>]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)].map(([, name, double, single]) => [
    name!,
    (double ?? single ?? '').replace(/&#(x[0-9a-f]+|\d+);/gi, (_, n: string) => String.fromCodePoint(n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : Number(n))),
  ]);
}

/**
 * Reads a WXR file in one streaming pass of a strict XML parser (saxes), keeping
 * only what the importer uses: the channel's fields, its authors, categories and
 * tags, and each item's fields, categories and post meta. Every well-formed XML
 * document is read; anything an XML parser refuses stops the import with the line,
 * when the reading reaches it.
 */
export function scanWxr(content: string, name: string): WxrScan {
  const stack: string[] = [];
  const ready: WxrRecord[] = [];
  const scan: WxrScan = { rootName: '', wordpressNamespace: false, channel: {}, records: records() };
  const prefixes = new Map<string, string | undefined>();
  let text = '';
  let group: Fields | undefined;
  let item: WxrItem | undefined;
  let meta: Fields | undefined;
  let category: WxrCategory | undefined;

  /** `wp:post_type` for an element in WordPress's namespace, whatever prefix the file gave it. */
  const nameOf = (tag: SaxesTagNS): string => {
    if (!tag.uri) return tag.local;
    let prefix = prefixes.get(tag.uri);
    if (!prefixes.has(tag.uri)) {
      prefix = knownPrefix(tag.uri);
      prefixes.set(tag.uri, prefix);
      if (prefix === 'wp') scan.wordpressNamespace = true;
    }
    if (prefix === undefined || prefix === tag.prefix) return tag.name;
    return `${prefix}:${tag.local}`;
  };

  // saxes names text before the root where that text ends; a person needs where it starts.
  const start = /\S/.exec(content);
  if (start && start[0] !== '<') {
    const line = content.slice(0, start.index).split('\n').length;
    throw new ValidationError(`${name}: not well-formed XML at line ${line}: text before the root element (an XML file starts with "<")`);
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('error', (error) => {
    const reason = error.message.replace(/^\d+:\d+: /, '');
    throw new ValidationError(`${name}: not well-formed XML at line ${parser.line}: ${reason}`);
  });
  parser.on('doctype', (doctype) => {
    for (const [entity, value] of internalEntities(doctype)) parser.ENTITIES[entity] = value;
  });
  parser.on('opentag', (node) => {
    const tag = nameOf(node);
    const parent = stack[stack.length - 1];
    stack.push(tag);
    text = '';
    if (stack.length === 1) scan.rootName = tag;
    else if (parent === 'channel' && tag === 'item') item = { line: parser.line, fields: {}, categories: [], meta: [] };
    else if (parent === 'channel' && channelGroups.has(tag)) group = {};
    else if (parent === 'item' && tag === 'wp:postmeta') meta = {};
    else if (parent === 'item' && tag === 'category') category = { domain: node.attributes.domain?.value ?? '', nicename: node.attributes.nicename?.value ?? '', name: '' };
  });
  parser.on('text', (data) => {
    text += data;
  });
  parser.on('cdata', (data) => {
    text += data;
  });
  parser.on('closetag', () => {
    const tag = stack.pop()!;
    const parent = stack[stack.length - 1];
    const value = text.trim();
    text = '';
    if (tag === 'item' && item) {
      ready.push({ kind: 'item', item });
      item = undefined;
    } else if (parent === 'item' && item) {
      if (tag === 'category' && category) {
        category.name = value;
        item.categories.push(category);
        category = undefined;
      } else if (tag === 'wp:postmeta' && meta) {
        item.meta.push(meta);
        meta = undefined;
      } else item.fields[tag] = value;
    } else if (parent === 'wp:postmeta' && meta) meta[tag] = value;
    else if (parent === 'channel' && group) {
      const kind = channelGroups.get(tag);
      if (kind) ready.push({ kind, fields: group });
      group = undefined;
    } else if (group && channelGroups.has(parent ?? '')) group[tag] = value;
    else if (parent === 'channel') scan.channel[tag] ??= value;
  });

  function* records(): Generator<WxrRecord> {
    for (let at = 0; at < content.length; at += CHUNK) {
      parser.write(content.slice(at, at + CHUNK));
      yield* ready.splice(0);
    }
    parser.close();
    yield* ready.splice(0);
  }
  return scan;
}
