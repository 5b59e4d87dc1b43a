import { Cron } from 'croner';
import { audienceInput, type NewsletterAudience } from './audience.js';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { slugSchema } from '../content/slug.js';
import type { DB } from '../db/schema.js';
import type { NewslettersTable } from '../db/tables/newsletters.js';
import type { ContentEvents } from '../content/events.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { ConflictError, fromZod, NotFoundError } from '../errors.js';

/** Paths under /newsletters/ that are not newsletter archives. */
export const reservedNewsletterSlugs = ['subscribe', 'confirm', 'preferences', 'unsubscribe', 'bounces'];

/** Which articles an issue of a newsletter collects. */
export const newsletterRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latest'), sections: z.array(z.string()).optional(), topics: z.array(z.string()).optional() }),
  z.object({ kind: z.literal('print-issue') }),
  z.object({ kind: z.literal('archive') }),
  z.object({ kind: z.literal('manual') }),
]);
export type NewsletterRule = z.infer<typeof newsletterRule>;

/**
 * A rule from what a person types (a form, a command line): its kind and, for `latest`,
 * comma-separated section and topic slugs. An unknown kind is passed on for the schema to name.
 *
 * @example ruleFromText('latest', 'world, politics') // { kind: 'latest', sections: ['world', 'politics'], topics: undefined }
 */
export function ruleFromText(kind: string, sections?: string, topics?: string): NewsletterRule {
  const slugs = (text?: string) => {
    const list = (text ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return list.length ? list : undefined;
  };
  return kind === 'latest' ? { kind: 'latest', sections: slugs(sections), topics: slugs(topics) } : ({ kind } as NewsletterRule);
}

const cronExpression = z.string().refine((expr) => {
  try {
    new Cron(expr, { paused: true });
    return true;
  } catch {
    return false;
  }
}, 'must be a cron expression such as "0 7 * * 1-5"');

export const newsletterInput = z.object({
  slug: slugSchema.refine((s) => !reservedNewsletterSlugs.includes(s), 'is reserved for the newsletter pages'),
  name: z.string().trim().min(1, 'is required').max(200),
  description: z.string().trim().max(2000).default(''),
  cadence: z
    .object({
      cron: cronExpression,
      timezone: z.string().refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone'),
      label: z.string().trim().min(1).max(100),
    })
    .nullable(),
  rule: newsletterRule,
  marketing: z.boolean().default(false),
  senderName: z.string().trim().max(200).nullable().optional(),
  replyTo: z.email().nullable().optional(),
  requiresApproval: z.boolean().default(false),
  audience: audienceInput.default('everyone'),
  position: z.number().int().optional(),
});
export type NewsletterInput = z.input<typeof newsletterInput>;

export type NewsletterRow = Selectable<NewslettersTable>;

export interface Newsletter {
  id: number;
  slug: string;
  name: string;
  description: string;
  cadence: { cron: string; timezone: string; label: string } | null;
  rule: NewsletterRule;
  marketing: boolean;
  senderName: string | null;
  replyTo: string | null;
  requiresApproval: boolean;
  audience: NewsletterAudience;
  position: number;
  createdAt: string;
}

export function toNewsletter(r: NewsletterRow): Newsletter {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    cadence: r.cadence_cron ? { cron: r.cadence_cron, timezone: r.timezone, label: r.cadence_label ?? '' } : null,
    rule: newsletterRule.parse(JSON.parse(r.rule)),
    marketing: r.marketing === 1,
    senderName: r.sender_name,
    replyTo: r.reply_to,
    requiresApproval: r.requires_approval === 1,
    audience: r.audience,
    position: r.position,
    createdAt: r.created_at,
  };
}

/** The catalogue input that would recreate `n`: the base an edit is applied to. */
export function inputOfNewsletter(n: Newsletter): z.input<typeof newsletterInput> {
  return {
    slug: n.slug,
    name: n.name,
    description: n.description,
    cadence: n.cadence,
    rule: n.rule,
    marketing: n.marketing,
    senderName: n.senderName,
    replyTo: n.replyTo,
    requiresApproval: n.requiresApproval,
    audience: n.audience,
    position: n.position,
  };
}

function parseInput(input: unknown) {
  const parsed = newsletterInput.safeParse(input);
  if (!parsed.success) throw fromZod('Invalid newsletter', parsed.error);
  const n = parsed.data;
  return {
    slug: n.slug,
    position: n.position,
    values: {
      name: n.name,
      description: n.description,
      cadence_cron: n.cadence?.cron ?? null,
      cadence_label: n.cadence?.label ?? null,
      timezone: n.cadence?.timezone ?? 'UTC',
      rule: JSON.stringify(n.rule),
      marketing: n.marketing ? 1 : 0,
      sender_name: n.senderName ?? null,
      reply_to: n.replyTo ?? null,
      requires_approval: n.requiresApproval ? 1 : 0,
      audience: n.audience,
      ...(n.position === undefined ? {} : { position: n.position }),
    },
  };
}

/** The newsletter catalogue: names, descriptions, cadences and content rules. */
export function newsletterCatalogue(db: Kysely<DB>, events?: ContentEvents, now: () => Date = () => new Date()) {
  // The signup box on every article lists the catalogue, so caches must hear of changes.
  const announce = (n: Newsletter) => {
    events?.emit({ entity: 'newsletter', id: n.id });
    return n;
  };
  return {
    /** Adds the newsletter or, when the slug exists, replaces its settings (the demo loader). */
    async upsert(input: NewsletterInput): Promise<Newsletter> {
      const { slug, position, values } = parseInput(input);
      const row = await db
        .insertInto('newsletters')
        .values({ ...values, slug, position: position ?? 0, created_at: now().toISOString() })
        .onConflict((oc) => oc.column('slug').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return announce(toNewsletter(row));
    },

    /** Adds a newsletter; a taken slug is a conflict. */
    async add(input: NewsletterInput): Promise<Newsletter> {
      const { slug, position, values } = parseInput(input);
      try {
        const row = await db
          .insertInto('newsletters')
          .values({ ...values, slug, position: position ?? 0, created_at: now().toISOString() })
          .returningAll()
          .executeTakeFirstOrThrow();
        return announce(toNewsletter(row));
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`There is already a newsletter "${slug}"`);
        throw error;
      }
    },

    /** Changes some settings of an existing newsletter; the rest stay as they were. */
    async edit(slug: string, patch: Partial<NewsletterInput>): Promise<Newsletter> {
      const row = await inTransaction(db, async (trx) => {
        const current = await trx.selectFrom('newsletters').selectAll().where('slug', '=', slug).executeTakeFirst();
        if (!current) throw new NotFoundError(`No newsletter "${slug}"`);
        const { values } = parseInput({ ...inputOfNewsletter(toNewsletter(current)), ...patch, slug });
        return trx.updateTable('newsletters').set(values).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      });
      return announce(toNewsletter(row));
    },

    list: async (): Promise<Newsletter[]> =>
      (await db.selectFrom('newsletters').selectAll().orderBy('position').orderBy('id').execute()).map(toNewsletter),

    find: async (slug: string): Promise<Newsletter | undefined> => {
      const row = await db.selectFrom('newsletters').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? toNewsletter(row) : undefined;
    },
  };
}

export type NewsletterCatalogue = ReturnType<typeof newsletterCatalogue>;
