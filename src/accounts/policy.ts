import { articleRefusal, canOnArticle, type Actor, type ArticleAction, type ArticleSubject } from '../content/article-policy.js';
import { ForbiddenError } from '../errors.js';
import type { Role } from './users.js';

/** Newsroom actions that are not about one article. */
export type DeskAction = 'taxonomy.manage' | 'printIssues.manage' | 'partners.manage' | 'newsletters.manage' | 'fronts.manage' | 'pages.manage' | 'plans.manage' | 'members.manage' | 'users.manage' | 'settings.manage' | 'analytics.own' | 'analytics.site';
export type Action = DeskAction | ArticleAction;

const rank: Record<Role, number> = { contributor: 0, writer: 1, editor: 2, admin: 3 };

/** The least role each desk action needs. */
const deskRules: Record<DeskAction, Role> = {
  'taxonomy.manage': 'editor',
  'printIssues.manage': 'editor',
  'partners.manage': 'editor',
  'newsletters.manage': 'editor',
  'fronts.manage': 'editor',
  'pages.manage': 'editor',
  'plans.manage': 'editor',
  'members.manage': 'editor',
  'users.manage': 'admin',
  'settings.manage': 'admin',
  // Writers see the readership of their own articles; the site's figures are the desk's.
  'analytics.own': 'writer',
  'analytics.site': 'editor',
};

const isArticleAction = (action: Action): action is ArticleAction => action.startsWith('article.');

/**
 * The one newsroom policy: article actions go to the article rules (content/article-policy.ts),
 * everything else needs a minimum role.
 *
 * @example can(user, 'taxonomy.manage') // true for editors and admins
 */
export function can(user: Actor, action: Action, subject?: ArticleSubject): boolean {
  if (isArticleAction(action)) return canOnArticle(user, action, subject);
  const needed = deskRules[action];
  return needed !== undefined && rank[user.role] !== undefined && rank[user.role] >= rank[needed];
}

/** Throws ForbiddenError naming the role and the action when `can` says no. */
export function authorize(user: Actor, action: Action, subject?: ArticleSubject): void {
  if (can(user, action, subject)) return;
  if (isArticleAction(action)) throw new ForbiddenError(articleRefusal(user, action));
  throw new ForbiddenError(`A ${user.role} may not do this: it needs the ${deskRules[action] ?? 'admin'} role`);
}
