/**
 * The one rule for the URLs of images and links, wherever they come from (the newsroom's
 * forms, an import, a body block, the editor's link dialog): an absolute http(s) URL a URL
 * parser accepts, or a path on this site. Browsers read `//host/x` and `/\host/x` as another
 * host, so a site path is one `/` followed by neither; `javascript:`, `data:` and relative
 * paths are neither shape. Whitespace, control characters and backslashes are refused
 * anywhere: browsers strip or reinterpret them. Pages, feeds and share cards print these URLs,
 * and a feed library throws on a broken one. No dependencies, so the editor island can carry it.
 */

export const URL_MAX_LENGTH = 2048;

export const urlRuleMessage = 'must be a web address (https://…) or a path on this site starting with a single / (/media/…)';

const SITE = 'http://site.invalid';

/** Whether `value` is an absolute http(s) URL or a path on this site, by the rule above. */
export function isAcceptedUrl(value: string): boolean {
  if (value.length === 0 || value.length > URL_MAX_LENGTH) return false;
  if (/[\s\\\u0000-\u001f\u007f]/.test(value)) return false;
  // `http:///host` parses as http://host/: the host must follow the two slashes.
  if (/^https?:/i.test(value)) return /^https?:\/\/[^/]/i.test(value) && URL.canParse(value);
  return value.startsWith('/') && value[1] !== '/' && URL.canParse(value, SITE) && new URL(value, SITE).origin === SITE;
}

/** Whether `value` is a path on this site by the rule above: where a form may send a reader back to, never another host. */
export const isSitePath = (value: string) => value.startsWith('/') && isAcceptedUrl(value);

/** Whether `value` is accepted and points at another host (an embed needs one). */
export const isAbsoluteHttpUrl = (value: string) => /^https?:\/\//i.test(value) && isAcceptedUrl(value);
