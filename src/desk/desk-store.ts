import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { ConflictError, NotFoundError } from '../errors.js';

const now = () => new Date().toISOString();

/** Runs a write, turning a unique-key clash into a ConflictError that names what is taken. */
async function unique<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${what} is already taken`);
    throw error;
  }
}

const found = <T>(row: T | undefined, what: string): T => {
  if (!row) throw new NotFoundError(`No such ${what}`);
  return row;
};

/** The newsroom desk's writes to sections, authors, topics and print issues, by id. */
export function deskStore(db: Kysely<DB>) {
  return {
    addSection: (v: { slug: string; name: string; description: string; position: number }) =>
      unique(`The section slug "${v.slug}"`, () => db.insertInto('sections').values({ ...v, created_at: now() }).returningAll().executeTakeFirstOrThrow()),

    async updateSection(id: number, v: { name: string; description: string; position: number }) {
      return found(await db.updateTable('sections').set(v).where('id', '=', id).returningAll().executeTakeFirst(), 'section');
    },

    addAuthor: (v: { slug: string; name: string; bio: string; photo_url: string | null }) =>
      unique(`The author slug "${v.slug}"`, () => db.insertInto('authors').values({ ...v, created_at: now() }).returningAll().executeTakeFirstOrThrow()),

    updateAuthor: (id: number, v: { slug: string; name: string; bio: string; photo_url: string | null }) =>
      unique(`The author slug "${v.slug}"`, async () => found(await db.updateTable('authors').set(v).where('id', '=', id).returningAll().executeTakeFirst(), 'author')),

    /** A new topic takes its slug back from any merge that left a redirect there. */
    addTopic: (v: { slug: string; name: string }) =>
      unique(`The topic slug "${v.slug}"`, () =>
        inTransaction(db, async (trx) => {
          await trx.deleteFrom('topic_redirects').where('from_slug', '=', v.slug).execute();
          return trx.insertInto('topics').values({ ...v, created_at: now() }).returningAll().executeTakeFirstOrThrow();
        }),
      ),

    async renameTopic(id: number, name: string) {
      return found(await db.updateTable('topics').set({ name }).where('id', '=', id).returningAll().executeTakeFirst(), 'topic');
    },

    /**
     * Folds topic `from` into `into`: its articles move over (keeping their position, and
     * no duplicate where an article had both), its old slug and every slug that already
     * redirected to it now redirect to `into`, its aliases go with them, and it is deleted. All or nothing.
     * Answers the ids of the articles that changed.
     */
    mergeTopics: (fromId: number, intoId: number) =>
      inTransaction(db, async (trx) => {
        const from = found(await trx.selectFrom('topics').selectAll().where('id', '=', fromId).executeTakeFirst(), 'topic to merge');
        found(await trx.selectFrom('topics').select('id').where('id', '=', intoId).executeTakeFirst(), 'topic to keep');
        const moved = await trx.selectFrom('article_topics').select('article_id').where('topic_id', '=', fromId).execute();
        await trx
          .insertInto('article_topics')
          .columns(['article_id', 'topic_id', 'position', 'suggested'])
          .expression((eb) =>
            eb
              .selectFrom('article_topics as old')
              .select(['old.article_id', eb.val(intoId).as('topic_id'), 'old.position', 'old.suggested'])
              .where('old.topic_id', '=', fromId)
              .where(({ not, exists, selectFrom }) =>
                not(exists(selectFrom('article_topics as kept').select('kept.article_id').whereRef('kept.article_id', '=', 'old.article_id').where('kept.topic_id', '=', intoId))),
              ),
          )
          .execute();
        await trx.deleteFrom('article_topics').where('topic_id', '=', fromId).execute();
        await trx.updateTable('topic_redirects').set({ topic_id: intoId }).where('topic_id', '=', fromId).execute();
        await trx.updateTable('topic_aliases').set({ topic_id: intoId }).where('topic_id', '=', fromId).execute();
        await trx.insertInto('topic_redirects').values({ from_slug: from.slug, topic_id: intoId, created_at: now() }).execute();
        await trx.deleteFrom('topics').where('id', '=', fromId).execute();
        return moved.map((m) => m.article_id);
      }),

    /** The slug a merged-away topic slug now lives at, if any. */
    async topicRedirect(slug: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('topic_redirects')
        .innerJoin('topics', 'topics.id', 'topic_redirects.topic_id')
        .select('topics.slug')
        .where('topic_redirects.from_slug', '=', slug)
        .executeTakeFirst();
      return row?.slug;
    },

    addPrintIssue: (v: { number: number; issue_date: string; title: string; cover_url: string | null }) =>
      unique(`Print issue number ${v.number}`, () => db.insertInto('print_issues').values({ ...v, created_at: now() }).returningAll().executeTakeFirstOrThrow()),

    updatePrintIssue: (id: number, v: { number: number; issue_date: string; title: string; cover_url: string | null }) =>
      unique(`Print issue number ${v.number}`, async () => found(await db.updateTable('print_issues').set(v).where('id', '=', id).returningAll().executeTakeFirst(), 'print issue')),
  };
}
