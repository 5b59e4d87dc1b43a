import type { Actor } from '../content/article-policy.js';
import { ForbiddenError } from '../errors.js';

export type MediaAction = 'media.upload' | 'media.edit' | 'media.delete';

/** The image an action applies to; absent for uploading one. */
export interface MediaSubject {
  /** Who uploaded it; null for images from before uploads were recorded, or from the command line. */
  userId: number | null;
}

const desk = (user: Actor) => user.role === 'editor' || user.role === 'admin';

/**
 * The media library's rules: everyone in the newsroom uploads (every role writes articles
 * that need pictures); the uploader may correct their own image's alt text, caption and
 * credit, the desk anyone's; only the desk deletes, since an image may be wanted by
 * articles not yet written and a deletion cannot be undone.
 */
export function canOnMedia(user: Actor, action: MediaAction, subject?: MediaSubject): boolean {
  if (desk(user)) return true;
  if (action === 'media.upload') return true;
  if (action === 'media.edit') return subject !== undefined && subject.userId === user.id;
  return false;
}

/** Throws ForbiddenError saying why when `canOnMedia` says no. */
export function authorizeMedia(user: Actor, action: MediaAction, subject?: MediaSubject): void {
  if (canOnMedia(user, action, subject)) return;
  throw new ForbiddenError(
    action === 'media.edit'
      ? `A ${user.role} may edit only the images they uploaded; an editor edits the others`
      : `A ${user.role} may not delete images: it needs the editor role`,
  );
}
