import type { Actor } from '../content/article-policy.js';
import { ForbiddenError } from '../errors.js';
import type { AccessLevel } from './access-level.js';

/** Who decides who may read an article: writers and the desk; a contributor's piece keeps the level it has. */
export const canSetAccess = (user: Pick<Actor, 'role'>) => user.role !== 'contributor';

/** Throws ForbiddenError when a contributor's save would change an article's access level. */
export function authorizeAccessChange(user: Pick<Actor, 'role'>, before: AccessLevel, after: AccessLevel | undefined): void {
  if (after !== undefined && after !== before && !canSetAccess(user)) {
    throw new ForbiddenError('Only writers and editors set who may read an article (free, registered or members)');
  }
}
