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

export type ArticleAction = 'article.view' | 'article.create' | 'article.edit' | 'article.submit' | 'article.publish' | 'article.unpublish' | 'article.restore' | 'article.note' | 'article.share';

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
 * The newsroom's article rules: contributors write, see and submit their own drafts; writers
 * also publish, correct and unpublish their own, and see what is published; editors and
 * admins see and act on anyone's. A writer or contributor without an author profile could
 * own nothing they wrote (their draft would vanish from their own list), so they may not
 * create articles until an admin links a profile; a writer still sees published work.
 */
export function canOnArticle(user: Actor, action: ArticleAction, subject?: ArticleSubject): boolean {
  if (desk(user)) return true;
  if (action === 'article.create') return user.author_id !== null;
  if (action === 'article.view' && user.role === 'writer' && subject?.status === 'published') return true;
  if (!isOwn(user, subject)) return false;
  // A share-preview link shows what its owner may already see, to someone they choose.
  if (user.role === 'writer' || action === 'article.view' || action === 'article.share') return true;
  // A contributor's work is frozen once submitted: the desk takes it from there.
  return (action === 'article.edit' || action === 'article.submit') && subject!.status === 'draft';
}

/**
 * The articles `canOnArticle(user, 'article.view', …)` lets a user see, as a list filter:
 * undefined for everything, else those bylined to `authorId` plus, for writers, the published.
 */
export function viewableScope(user: Actor): { authorId: number | null; published: boolean } | undefined {
  return desk(user) ? undefined : { authorId: user.author_id, published: user.role === 'writer' };
}

/** Why `canOnArticle` says no, in words for the person refused. */
export function articleRefusal(user: Actor, action: ArticleAction): string {
  if (action === 'article.create' && user.author_id === null) {
    return `This ${user.role} account has no author profile, so nothing it writes could be its own: ask an admin to link one`;
  }
  return `A ${user.role} may not do "${action.replace('article.', '')}" on this article`;
}

export const authorizeArticle: Authorize = (user, action, subject) => {
  if (!canOnArticle(user, action, subject)) throw new ForbiddenError(articleRefusal(user, action));
};

/** The fields whose changes the desk controls, as stored before a save and as the save would leave them. */
export interface DeskFields {
  sponsor: string | null;
  printIssue: number | null;
  /** Byline author ids; order is not who wrote it, so only who is added or removed counts. */
  authorIds: number[];
}

/** Whether the sponsor and print-issue fields are the user's to change (the form disables them otherwise). */
export const canSetSponsorAndPrintIssue = (user: Actor) => desk(user);

/**
 * Field-level rules beside the action rules. A sponsor puts an article in the partner slot of
 * every other article ("Paid for by …") and a print issue puts it on /issue/N, so only the desk
 * sets or changes them. Writers and contributors add or remove only their own byline: a
 * colleague's name, on or off an article, is the desk's call. `after` holds only what the save
 * sends; a field sent back unchanged is no change.
 */
export function deskFieldRefusal(user: Actor, before: DeskFields, after: Partial<DeskFields>): string | undefined {
  if (desk(user)) return undefined;
  if (after.sponsor !== undefined && after.sponsor !== before.sponsor) return `A ${user.role} may not set or change the sponsor: it needs the editor role`;
  if (after.printIssue !== undefined && after.printIssue !== before.printIssue) return `A ${user.role} may not set or change the print issue: it needs the editor role`;
  if (after.authorIds) {
    const others = (ids: number[]) => new Set(ids.filter((id) => id !== user.author_id));
    const [was, will] = [others(before.authorIds), others(after.authorIds)];
    if (was.size !== will.size || [...was].some((id) => !will.has(id))) return `A ${user.role} may add or remove only their own byline; an editor changes the others`;
  }
  return undefined;
}

/** Throws ForbiddenError when `deskFieldRefusal` refuses the change. */
export function authorizeDeskFields(user: Actor, before: DeskFields, after: Partial<DeskFields>): void {
  const refusal = deskFieldRefusal(user, before, after);
  if (refusal) throw new ForbiddenError(refusal);
}
