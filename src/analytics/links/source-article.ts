/**
 * How an article page tells a signup or a checkout where it started: its signup form carries
 * `from_article`, its membership links go to /support?from=<id>, and /support's form passes the
 * id on to Checkout. An id is only a hint: the stores record it only when such an article exists.
 */

/** The field and query parameter that carry the article id. */
export const FROM_ARTICLE_FIELD = 'from_article';
export const FROM_ARTICLE_QUERY = 'from';

/** An article id as a form or query gave it, or undefined for anything that is not one. */
export const sourceArticleOf = (value: string | undefined): number | undefined => (value && /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : undefined);

/** /support, remembering the article it was opened from. @example supportHref(12) // '/support?from=12' */
export const supportHref = (articleId?: number) => (articleId === undefined ? '/support' : `/support?${FROM_ARTICLE_QUERY}=${articleId}`);
