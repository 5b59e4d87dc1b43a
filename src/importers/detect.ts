import type { ImportFormat } from './model.js';

/**
 * Which reader a file needs, from its content alone (a file name says little:
 * exports are often renamed). JSON is a Ghost export, other XML a WordPress
 * WXR file (its reader says so when it is not one), markup an HTML page, and
 * anything else page text.
 */
export function detectFormat(content: string): ImportFormat {
  const head = content.slice(0, 4000).replace(/^\ufeff/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'ghost';
  if (/^<\?xml/i.test(head) && !/<(!doctype\s+)?html[\s>]/i.test(head)) return 'wxr';
  if (/^<rss[\s>]/i.test(head)) return 'wxr';
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|article|meta|title)[\s>]/i.test(head)) return 'html';
  return 'page-text';
}
