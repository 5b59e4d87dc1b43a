import type { Role } from '../accounts/users.js';
import { ForbiddenError } from '../errors.js';
import type { ArticleStatus } from './workflow.js';

/** Who is acting: enough of a newsroom account to decide what they may do. */
export interface Actor {
  id: number;
  role: Role;
  /** The author profile this account writes as; an article is "theirs" when it is among its authors. */
  author_id: number | null;
}

export type ArticleAction = 'article.create' | 'article.edit' | 'article.submit' | 'article.publish' | 'article.unpublish' | 'article.restore' | 'article.note';

/** The article an action applies to; absent for creating one. */
export interface ArticleSubject {
  status: ArticleStatus;
  authors: Array<{ id: number }>;
}

/** Same shape as the accounts policy's authorize(): throws ForbiddenError when the action is not allowed. */
export type Authorize = (user: Actor, action: ArticleAction, subject?: ArticleSubject) => void;

const isOwn = (user: Actor, subject?: ArticleSubject) => subject !== undefined && user.author_id !== null && subject.authors.some((a) => a.id === user.author_id);
const desk = (user: Actor) => user.role === 'editor' || user.role === 'admin';

/**
 * The newsroom's article rules: contributors write and submit their own drafts; writers
 * also publish, correct and unpublish their own; editors and admins act on anyone's.
 */
export function canOnArticle(user: Actor, action: ArticleAction, subject?: ArticleSubject): boolean {
  if (desk(user)) return true;
  if (action === 'article.create') return true;
  if (!isOwn(user, subject)) return false;
  if (user.role === 'writer') return true;
  // A contributor's work is frozen once submitted: the desk takes it from there.
  return (action === 'article.edit' || action === 'article.submit') && subject!.status === 'draft';
}

export const authorizeArticle: Authorize = (user, action, subject) => {
  if (!canOnArticle(user, action, subject)) {
    throw new ForbiddenError(`A ${user.role} may not do "${action.replace('article.', '')}" on this article`);
  }
};
