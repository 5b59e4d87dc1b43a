import type { Kysely } from 'kysely';
import { b, bodyText, BODY_VERSION } from '../content/blocks.js';
import { urlMonth } from '../content/dates.js';
import { slugify } from '../content/slug.js';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { ConflictError, ValidationError } from '../errors.js';
import { firstNames, lastNames, prose, type Prose } from './archive-words.js';

export interface ArchiveOptions {
  /** How many articles to generate. */
  count: number;
  /** The publication's time zone, which fixes each article's URL month. */
  timeZone: string;
  seed?: number;
  /** Called after each batch with the number of articles written so far. */
  onProgress?: (written: number, total: number) => void;
}

export interface ArchiveResult {
  articles: number;
  printIssues: number;
  authors: number;
  firstIssueDate: string;
}

const WEEK = 7 * 86_400_000;
/** A century of weekly print issues. */
const ISSUES = 5_200;
const BATCH = 1000;
const ARCHIVE_AUTHORS = 300;
export const MAX_ARCHIVE = 2_000_000;

/**
 * Fills the database with a synthetic century of back issues: a print issue a week
 * ending the week before the oldest existing issue (or today), and `count` published
 * articles spread evenly over them, written in batches of multi-row inserts inside one
 * transaction (all or nothing). Needs the demo's sections and topics to exist.
 *
 * @example await generateArchive(db, { count: 250_000, timeZone: 'Europe/London', onProgress: console.log })
 */
export async function generateArchive(db: Kysely<DB>, options: ArchiveOptions): Promise<ArchiveResult> {
  const { count, timeZone } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_ARCHIVE) {
    throw new ValidationError('Invalid archive size', [{ path: 'archive', message: `must be a whole number from 1 to ${MAX_ARCHIVE}` }]);
  }
  const text = prose(options.seed ?? 1926);
  const createdAt = new Date().toISOString();

  return inTransaction(db, async (trx) => {
    const sections = await trx.selectFrom('sections').select('id').orderBy('position').execute();
    const topics = await trx.selectFrom('topics').select('id').execute();
    if (!sections.length) throw new ConflictError('The archive needs sections: load the demo site first');
    const oldest = await trx.selectFrom('print_issues').select(['number', 'issue_date']).orderBy('number').limit(1).executeTakeFirst();
    const lastNumber = (oldest?.number ?? ISSUES + 1) - 1;
    const issueCount = Math.min(ISSUES, lastNumber);
    if (issueCount < 1) throw new ConflictError('The archive is already there: print issue number 1 exists');
    const lastDate = oldest ? Date.parse(`${oldest.issue_date}T00:00:00Z`) - WEEK : Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());

    const issues = Array.from({ length: issueCount }, (_, i) => ({
      number: lastNumber - issueCount + 1 + i,
      issue_date: new Date(lastDate - (issueCount - 1 - i) * WEEK).toISOString().slice(0, 10),
      title: text.headline(),
      cover_url: null,
      created_at: createdAt,
    }));
    const issueIds: number[] = [];
    for (let i = 0; i < issues.length; i += BATCH) {
      const rows = await trx.insertInto('print_issues').values(issues.slice(i, i + BATCH)).returning('id').execute();
      issueIds.push(...rows.map((r) => r.id));
    }

    const authorIds = await insertAuthors(trx, text, createdAt);
    for (let start = 0; start < count; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => {
        const i = start + k;
        const issue = Math.floor((i * issueCount) / count);
        const publishedAt = new Date(Date.parse(`${issues[issue]!.issue_date}T00:00:00Z`) - text.int(0, 6) * 86_400_000 + text.int(6 * 60, 20 * 60) * 60_000).toISOString();
        return { ...article(text, i, publishedAt, timeZone, createdAt), section_id: text.pick(sections).id, print_issue_id: text.random() < 0.9 ? issueIds[issue]! : null };
      });
      const ids = (await trx.insertInto('articles').values(batch).returning('id').execute()).map((r) => r.id);
      // The listing date is passed, as the importers do, so SQLite's trigger (migration 008) need not write each row twice.
      const byline = ids.flatMap((id, k) => {
        const first = text.pick(authorIds);
        const second = text.random() < 0.15 ? text.pick(authorIds) : first;
        return (second === first ? [first] : [first, second]).map((author_id, position) => ({ article_id: id, author_id, position, published_at: batch[k]!.published_at }));
      });
      await trx.insertInto('article_authors').values(byline).execute();
      if (topics.length) {
        const tags = ids.flatMap((id, k) => {
          const chosen = [...new Set([text.pick(topics).id, text.pick(topics).id])];
          return chosen.map((topic_id, position) => ({ article_id: id, topic_id, position, suggested: 0, published_at: batch[k]!.published_at }));
        });
        await trx.insertInto('article_topics').values(tags).execute();
      }
      options.onProgress?.(start + ids.length, count);
    }
    return { articles: count, printIssues: issueCount, authors: authorIds.length, firstIssueDate: issues[0]!.issue_date };
  });
}

async function insertAuthors(trx: Kysely<DB>, text: Prose, createdAt: string): Promise<number[]> {
  const names = new Set<string>();
  while (names.size < ARCHIVE_AUTHORS) names.add(`${text.pick(firstNames)} ${text.pick(lastNames)}`);
  const rows = [...names].map((name) => ({ slug: `archive-${slugify(name)}`, name, bio: 'Wrote for the magazine in years gone by.', photo_url: null, created_at: createdAt }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const inserted = await trx
      .insertInto('authors')
      .values(rows.slice(i, i + BATCH))
      .onConflict((oc) => oc.column('slug').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/**
 * urlMonth, skipping the time-zone arithmetic when it cannot matter: no zone is a day
 * away from UTC, so an instant between the 2nd and the 27th is in its UTC month.
 */
function monthOf(iso: string, timeZone: string): string {
  const day = Number(iso.slice(8, 10));
  return day >= 2 && day <= 27 ? `${iso.slice(0, 4)}/${iso.slice(5, 7)}` : urlMonth(iso, timeZone);
}

function article(text: Prose, i: number, publishedAt: string, timeZone: string, createdAt: string) {
  const { headline, standfirst, paragraphs } = text.article();
  const body = paragraphs.map((p) => b.p(p));
  return {
    // The index keeps slugs unique within a month even when two headlines coincide.
    slug: `${slugify(headline, 60)}-${i.toString(36)}`,
    url_month: monthOf(publishedAt, timeZone),
    headline,
    standfirst,
    body: JSON.stringify(body),
    body_text: bodyText(body),
    body_version: BODY_VERSION,
    status: 'published',
    first_published_at: publishedAt,
    published_at: publishedAt,
    scheduled_for: null,
    updated_at: publishedAt,
    created_at: createdAt,
    sponsor: null,
    partner_slot_after: null,
    seo_title: null,
    seo_description: null,
    image_url: null,
    version: 1,
  };
}
