import type { Child } from 'hono/jsx';

/**
 * Compiles an MJML element tree to responsive HTML. MJML is slow (milliseconds), so
 * callers render once per issue and personalise the result with `personalise`.
 */
export async function renderMjml(document: Child): Promise<string> {
  // Loaded on first use: MJML costs a server ~50 MB that only newsletter sends need.
  const { default: mjml2html } = await import('mjml');
  const result = await mjml2html(String(document), { validationLevel: 'strict', keepComments: false });
  if (result.errors.length) throw new Error(`MJML: ${result.errors.map((e) => e.formattedMessage).join('; ')}`);
  return result.html;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Puts per-recipient values into a rendered template. Values are HTML-escaped for
 * the HTML part (they are URLs, so this only ever touches `&`).
 *
 * @example personalise('<a href="{{u}}">', { '{{u}}': 'https://x/?a&b' }, 'html') // '<a href="https://x/?a&amp;b">'
 */
export function personalise(template: string, values: Record<string, string>, kind: 'html' | 'text'): string {
  let out = template;
  for (const [placeholder, value] of Object.entries(values)) out = out.replaceAll(placeholder, kind === 'html' ? escapeHtml(value) : value);
  return out;
}
