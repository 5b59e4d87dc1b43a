/**
 * For an answer that is one reader's (a page's form chosen by their meter, their count, a
 * member's thanks): no shared cache may keep it, or the next reader behind the same proxy gets
 * it; their browser checks back with its ETag each time.
 */
export const PERSONAL_CACHE_CONTROL = 'private, no-cache';
