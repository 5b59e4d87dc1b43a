import { TransitionError } from '../errors.js';

export const statuses = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof statuses)[number];

/**
 * The editorial workflow. A published article must be unpublished before it can
 * go back to draft, so a live URL never silently turns into a draft.
 */
const allowed: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ['in_review', 'scheduled', 'published'],
  in_review: ['draft', 'scheduled', 'published'],
  scheduled: ['draft', 'in_review', 'published'],
  published: ['unpublished'],
  unpublished: ['draft', 'published'],
};

export function canTransition(from: ArticleStatus, to: ArticleStatus): boolean {
  return allowed[from].includes(to);
}

/** Throws a TransitionError naming both statuses when the move is not allowed. */
export function assertTransition(from: ArticleStatus, to: ArticleStatus): void {
  if (!canTransition(from, to)) throw new TransitionError(from, to);
}
