/**
 * Which sections carry opinion: argument signed by its writer rather than reporting. A section
 * is opinion when its slug is one of these (the demo's is Ideas), so a newsroom opts in by naming
 * the section; the home page gives it a rail of its own, with the writers' photos.
 */
const OPINION_SLUGS = new Set(['opinion', 'ideas', 'comment', 'views']);

export const isOpinionSection = (section: { slug: string }): boolean => OPINION_SLUGS.has(section.slug);
