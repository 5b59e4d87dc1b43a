import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { ForbiddenError, fromZod, NotFoundError } from '../errors.js';
import type { Actor } from './article-policy.js';
import type { EditorialService } from './editorial.js';
import { draftNoteStore, type DraftNoteRow } from './draft-note-store.js';

export const draftNoteInput = z.object({ text: z.string().trim().min(1, 'is required: write the note first').max(4000, 'is longer than 4,000 characters') });

export interface DraftNote {
  id: number;
  articleId: number;
  userId: number;
  authorName: string;
  text: string;
  createdAt: string;
  resolvedAt: string | null;
}

const noteOf = (row: DraftNoteRow): DraftNote => ({
  id: row.id,
  articleId: row.article_id,
  userId: row.user_id,
  authorName: row.author_name ?? 'A former colleague',
  text: row.text,
  createdAt: row.created_at,
  resolvedAt: row.resolved_at,
});

/**
 * Who may resolve or delete a note: whoever wrote it, and the desk (editors and admins),
 * who tidy up after everyone. Reading and adding follow the article: whoever may see it.
 */
export function canManageDraftNote(user: Actor, note: Pick<DraftNote, 'userId'>): boolean {
  return note.userId === user.id || user.role === 'editor' || user.role === 'admin';
}

/**
 * Notes the newsroom leaves each other on an article ("check the second quote"), shown beside
 * the editor and in the signed-in preview, never on a reader's page or a share-preview link.
 */
export function draftNoteService(db: Kysely<DB>, deps: { editorial: Pick<EditorialService, 'get'> }, options: { now?: () => Date } = {}) {
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const store = draftNoteStore(db);

  async function managed(user: Actor, articleId: number, noteId: number): Promise<DraftNote> {
    await deps.editorial.get(user, articleId);
    const row = await store.get(articleId, noteId);
    if (!row) throw new NotFoundError('No such note on this article');
    const note = noteOf(row);
    if (!canManageDraftNote(user, note)) throw new ForbiddenError('Only the note’s author or an editor may resolve or delete it');
    return note;
  }

  return {
    /** The article's notes, open first; NotFoundError when the user may not see the article. */
    async list(user: Actor, articleId: number): Promise<DraftNote[]> {
      await deps.editorial.get(user, articleId);
      return (await store.forArticle(articleId)).map(noteOf);
    },

    async add(user: Actor, articleId: number, input: z.input<typeof draftNoteInput>): Promise<number> {
      await deps.editorial.get(user, articleId);
      const parsed = draftNoteInput.safeParse(input);
      if (!parsed.success) throw fromZod('The note was not added', parsed.error);
      return store.insert({ article_id: articleId, user_id: user.id, text: parsed.data.text, created_at: now() });
    },

    async resolve(user: Actor, articleId: number, noteId: number): Promise<void> {
      await managed(user, articleId, noteId);
      await store.resolve(noteId, user.id, now());
    },

    async remove(user: Actor, articleId: number, noteId: number): Promise<void> {
      await managed(user, articleId, noteId);
      await store.remove(noteId);
    },
  };
}

export type DraftNoteService = ReturnType<typeof draftNoteService>;
