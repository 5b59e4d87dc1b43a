import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { AuthorsTable, PrintIssuesTable, SectionsTable, TopicsTable } from '../db/tables/content.js';
import { fromZod, NotFoundError } from '../errors.js';
import { matchKey } from '../topics/topic-names.js';
import type { ContentEvents } from './events.js';
import { slugify } from './slug.js';
import { authorInput, printIssueInput, sectionInput, topicInput } from './taxonomy-input.js';

export type Section = Selectable<SectionsTable>;
export type Author = Selectable<AuthorsTable>;
export type Topic = Selectable<TopicsTable>;
export type PrintIssue = Selectable<PrintIssuesTable>;

/** A topic with the other names it answers to when imports are matched ("EU" for "European Union"). */
const topicWithAliases = topicInput.extend({ aliases: z.array(topicInput.shape.name).max(50).default([]) });

/** `%`, `_` and `!` match themselves: '!' escapes them the same way in SQLite and PostgreSQL literals. */
const likePattern = (text: string, prefix: boolean) => `${prefix ? '' : '%'}${text.trim().replace(/[!%_]/g, '!$&')}%`;
const nameMatches = (text: string) => sql<boolean>`lower(name) like lower(${likePattern(text, false)}) escape '!'`;
const startsFirst = (text: string) => sql<number>`case when lower(name) like lower(${likePattern(text, true)}) escape '!' then 0 else 1 end`;

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(`Invalid ${what}`, result.error);
  return result.data;
}

/**
 * Sections, authors, topics and print issues. `upsert*` writes by natural key (slug,
 * issue number) so that importing the same file twice updates instead of duplicating.
 */
export function taxonomyService(db: Kysely<DB>, events?: ContentEvents) {
  const now = () => new Date().toISOString();

  return {
    async upsertSection(input: z.input<typeof sectionInput>): Promise<Section> {
      const s = parse(sectionInput, input, 'section');
      const row = await db
        .insertInto('sections')
        .values({ slug: s.slug, name: s.name, description: s.description, position: s.position ?? 0, created_at: now() })
        .onConflict((oc) =>
          oc.column('slug').doUpdateSet({ name: s.name, description: s.description, ...(s.position === undefined ? {} : { position: s.position }) }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      events?.emit({ entity: 'section', id: row.id });
      return row;
    },

    async upsertAuthor(input: z.input<typeof authorInput>): Promise<Author> {
      const a = parse(authorInput, input, 'author');
      const slug = a.slug ?? slugify(a.name);
      const row = await db
        .insertInto('authors')
        .values({ slug, name: a.name, bio: a.bio, photo_url: a.photoUrl ?? null, created_at: now() })
        .onConflict((oc) =>
          oc.column('slug').doUpdateSet({ name: a.name, ...(a.bio ? { bio: a.bio } : {}), ...(a.photoUrl === undefined ? {} : { photo_url: a.photoUrl }) }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      events?.emit({ entity: 'author', id: row.id });
      return row;
    },

    /** Adds or renames a topic by slug, with its aliases (one already some topic's alias is left there). */
    async upsertTopic(input: z.input<typeof topicWithAliases>): Promise<Topic> {
      const t = parse(topicWithAliases, input, 'topic');
      const slug = t.slug ?? slugify(t.name);
      const row = await db
        .insertInto('topics')
        .values({ slug, name: t.name, created_at: now() })
        .onConflict((oc) => oc.column('slug').doUpdateSet({ name: t.name }))
        .returningAll()
        .executeTakeFirstOrThrow();
      if (t.aliases.length) {
        await db
          .insertInto('topic_aliases')
          .values(t.aliases.map((name) => ({ topic_id: row.id, name, match_key: matchKey(name), created_at: now() })))
          .onConflict((oc) => oc.column('match_key').doNothing())
          .execute();
      }
      events?.emit({ entity: 'topic', id: row.id });
      return row;
    },

    async upsertPrintIssue(input: z.input<typeof printIssueInput>): Promise<PrintIssue> {
      const p = parse(printIssueInput, input, 'print issue');
      const row = await db
        .insertInto('print_issues')
        .values({ number: p.number, issue_date: p.date, title: p.title, cover_url: p.coverUrl ?? null, created_at: now() })
        .onConflict((oc) =>
          oc.column('number').doUpdateSet({ issue_date: p.date, title: p.title, ...(p.coverUrl === undefined ? {} : { cover_url: p.coverUrl }) }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      events?.emit({ entity: 'print_issue', id: row.id });
      return row;
    },

    listSections: (): Promise<Section[]> => db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute(),
    listAuthors: (): Promise<Author[]> => db.selectFrom('authors').selectAll().orderBy('name').execute(),
    /** Public topics: proposals awaiting an editor have no page, feed or sitemap entry. */
    listTopics: (): Promise<Topic[]> => db.selectFrom('topics').selectAll().where('reviewed', '=', 1).orderBy('name').execute(),
    listPrintIssues: (): Promise<PrintIssue[]> => db.selectFrom('print_issues').selectAll().orderBy('number', 'desc').execute(),

    /**
     * Authors whose name contains `text` (any case), those starting with it first: the byline picker's answers.
     *
     * @example await taxonomy.searchAuthors('ada', 10)
     */
    searchAuthors: (text: string, limit = 10): Promise<Author[]> =>
      db.selectFrom('authors').selectAll().where(nameMatches(text)).orderBy(startsFirst(text)).orderBy('name').limit(limit).execute(),

    /** Public topics whose name contains `text` (any case), those starting with it first: the topic picker's answers. */
    searchTopics: (text: string, limit = 10): Promise<Topic[]> =>
      db
        .selectFrom('topics')
        .selectAll()
        .where('reviewed', '=', 1)
        .where(nameMatches(text))
        .orderBy(startsFirst(text))
        .orderBy('name')
        .limit(limit)
        .execute(),

    /** Authors and topics (proposals too) by slug, for showing the names of what an article refers to. */
    authorsBySlug: async (slugs: string[]): Promise<Author[]> => (slugs.length ? db.selectFrom('authors').selectAll().where('slug', 'in', slugs).execute() : []),
    topicsBySlug: async (slugs: string[]): Promise<Topic[]> => (slugs.length ? db.selectFrom('topics').selectAll().where('slug', 'in', slugs).execute() : []),

    findSection: (slug: string) => db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst(),
    findAuthor: (slug: string) => db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst(),
    /** A public topic by slug; a proposal awaiting an editor is not found. */
    findTopic: (slug: string) => db.selectFrom('topics').selectAll().where('slug', '=', slug).where('reviewed', '=', 1).executeTakeFirst(),
    findPrintIssue: (number: number) => db.selectFrom('print_issues').selectAll().where('number', '=', number).executeTakeFirst(),
    latestPrintIssue: () => db.selectFrom('print_issues').selectAll().orderBy('issue_date', 'desc').limit(1).executeTakeFirst(),

    async getSection(slug: string): Promise<Section> {
      const row = await db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!row) throw new NotFoundError(`No section "${slug}"`);
      return row;
    },
  };
}

export type TaxonomyService = ReturnType<typeof taxonomyService>;
