import { raw } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * `derive`, computed once for each key object and kept for as long as the key lives. The keys
 * are objects that are replaced, never changed, when what they hold changes: the site chrome
 * (src/reader-ui/chrome.ts) and the lists every page shows (src/site/cache/site-data.ts).
 *
 * @example const open = oncePerObject(openToSignup); open(list) === open(list)
 */
export function oncePerObject<K extends object, V>(derive: (key: K) => V): (key: K) => V {
  const derived = new WeakMap<K, V>();
  return (key) => {
    if (derived.has(key)) return derived.get(key)!;
    const value = derive(key);
    derived.set(key, value);
    return value;
  };
}

/**
 * Markup that depends only on `key`, rendered once and then copied as it is: on a cache miss the
 * masthead, the footer and the newsletter choices were built again element by element: more
 * than half of an article page's elements. Not for <meta>, <link>, <title>, <style> or <script>:
 * rendered outside a document's <head>, Hono treats them as metadata to hoist and keeps one per
 * name (the second theme colour was lost that way).
 *
 * @example const footer = renderedOnce((chrome: SiteChrome) => <footer>…</footer>); footer(chrome)
 */
export function renderedOnce<K extends object>(render: (key: K) => JSX.Element): (key: K) => HtmlEscapedString {
  return oncePerObject((key) => {
    // Hono's elements say `string` here, but an element with an async component gives a Promise.
    const html: unknown = render(key).toString();
    if (typeof html !== 'string') throw new Error('renderedOnce: the element renders asynchronously; only markup without async components can be kept');
    return raw(html);
  });
}
