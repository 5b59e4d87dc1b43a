import type { ArticleInput } from '../../content/article-input.js';

/**
 * The title and description a shared link shows: the SEO ones, else the headline and
 * standfirst (as site/structured-data.ts). Plain functions, so the server's share card and
 * the writing-panel island that redraws it as the editor types say the same thing.
 */
export const shareTitle = (v: Pick<ArticleInput, 'seoTitle' | 'headline'>) => v.seoTitle || v.headline || 'Untitled';
export const shareDescription = (v: Pick<ArticleInput, 'seoDescription' | 'standfirst' | 'headline'>) => v.seoDescription || v.standfirst || v.headline || '';
