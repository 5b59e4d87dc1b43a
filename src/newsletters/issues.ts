import { Cron } from 'croner';
import { articleLinkPlaceholder } from './article-links.js';
import type { IssueSegment } from './audience.js';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import type { TaxonomyService } from '../content/taxonomy.js';
import type { DB } from '../db/schema.js';
import type { IssueStatus } from '../db/tables/newsletters.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { ConflictError, fromZod, NotFoundError, ValidationError } from '../errors.js';
import { renderIssueEmail } from '../mail/issue-email.js';
import type { Newsletter, NewsletterCatalogue } from './catalogue.js';
import { composeIssue, MAX_ITEMS, type IssueDraft, type IssueItem } from './compose.js';
import { issueStore, type IssueRow } from './issue-store.js';

export interface Issue {
  id: number;
  newsletterId: number;
  status: IssueStatus;
  slotAt: string | null;
  subject: string;
  intro: string;
  items: IssueItem[];
  recipients: number;
  createdAt: string;
  sendStartedAt: string | null;
  sentAt: string | null;
}

const toIssue = (r: IssueRow): Issue => ({
  id: r.id,
  newsletterId: r.newsletter_id,
  status: r.status,
  slotAt: r.slot_at,
  subject: r.subject,
  intro: r.intro,
  items: JSON.parse(r.items) as IssueItem[],
  recipients: r.recipients,
  createdAt: r.created_at,
  sendStartedAt: r.send_started_at,
  sentAt: r.sent_at,
});

/** A hand-made issue: the editor's subject, intro and article paths. */
export const manualIssueInput = z.object({
  subject: z.string().trim().min(1, 'is required').max(300),
  intro: z.string().trim().max(5000).default(''),
  articles: z.array(z.string().regex(/^\/[a-z0-9-]+\/\d{4}\/\d{2}\/[a-z0-9-]+$/, 'must be an article path like /world/2026/01/slug')).min(1).max(MAX_ITEMS),
});
export type ManualIssueInput = z.input<typeof manualIssueInput>;

export interface IssueServiceDeps {
  db: Kysely<DB>;
  catalogue: NewsletterCatalogue;
  articles: ArticleService;
  taxonomy: TaxonomyService;
  events?: ContentEvents;
  timeZone: string;
  /** The base of links in emails; throws when SITE_URL is not configured. */
  siteUrl: () => string;
  siteName: string;
  now?: () => Date;
  /** A missed slot older than this is not composed late (the server was down). */
  graceMs?: number;
}

export interface ComposeOutcome {
  newsletter: string;
  slotAt: string | null;
  issue?: Issue;
  /** Nothing new: recorded as skipped and not sent. */
  skipped: boolean;
  /** What a rule-made issue looked at: content published from `since` up to `until`. */
  window?: { since: string; until: string };
}

const WEEK_MS = 7 * 86_400_000;

/** A compose that found nothing published since the last issue: there is nothing to send. */
export class NothingNewError extends ConflictError {
  override name = 'NothingNewError';
  constructor(
    newsletterName: string,
    readonly window: { since: string; until: string },
  ) {
    super(`Nothing new for ${newsletterName}: nothing its rule collects was published since the last issue`);
  }
}

/**
 * Composing issues from content rules at each newsletter's scheduled time, holding
 * them for approval or starting their send, and the archive of sent issues.
 */
export function issueService(deps: IssueServiceDeps) {
  const { db, catalogue } = deps;
  const store = issueStore(db);
  const now = () => deps.now?.() ?? new Date();
  const graceMs = deps.graceMs ?? 6 * 60 * 60_000;

  async function render(newsletter: Newsletter, draft: Pick<IssueDraft, 'subject' | 'intro' | 'items'>) {
    const siteUrl = deps.siteUrl();
    return renderIssueEmail({
      siteName: deps.siteName,
      newsletterName: newsletter.name,
      subject: draft.subject,
      intro: draft.intro,
      // A members-only issue links each article with its recipient's own token (src/newsletters/article-links.ts).
      items: draft.items.map((i, n) => ({
        headline: i.headline,
        standfirst: i.standfirst,
        kicker: i.kicker,
        url: newsletter.audience === 'members' ? `${siteUrl}${i.path}?gift=${articleLinkPlaceholder(n)}` : `${siteUrl}${i.path}`,
      })),
    });
  }

  /**
   * Stores the issue and, unless it waits for approval, fixes its recipients in the
   * same transaction. The (newsletter, slot) key makes a second composer lose quietly.
   */
  async function store_(newsletter: Newsletter, draft: IssueDraft | undefined, slotAt: string | null, coversUntil: string, forReview = false): Promise<ComposeOutcome> {
    const at = now().toISOString();
    const rendered = draft ? await render(newsletter, draft) : { html: '', text: '' };
    const status: IssueStatus = !draft ? 'skipped' : forReview ? 'composed' : newsletter.requiresApproval ? 'awaiting_approval' : 'sending';
    try {
      const row = await inTransaction(db, async (trx) => {
        const s = issueStore(trx);
        const issue = await s.insert({
          newsletter_id: newsletter.id,
          status: status === 'sending' ? 'awaiting_approval' : status,
          slot_at: slotAt,
          covers_until: coversUntil,
          source_key: draft?.sourceKey ?? null,
          subject: draft?.subject ?? '',
          intro: draft?.intro ?? '',
          items: JSON.stringify(draft?.items ?? []),
          html: rendered.html,
          text: rendered.text,
          recipients: 0,
          created_at: at,
          approved_at: null,
          send_started_at: null,
          sent_at: null,
        });
        if (status === 'sending') await s.startSend(issue.id, newsletter.id, at);
        return (await s.get(issue.id))!;
      });
      return { newsletter: newsletter.slug, slotAt, issue: toIssue(row), skipped: !draft };
    } catch (error) {
      if (slotAt && isUniqueViolation(error)) return { newsletter: newsletter.slug, slotAt, skipped: false };
      throw error;
    }
  }

  /**
   * An issue covers what came after the one before it. A first issue covers one whole
   * interval of its cadence (from the slot before the latest one at or before `until`),
   * or a week without one: composed between slots, it must not cover only the hours
   * since the last slot.
   */
  async function windowFor(newsletter: Newsletter, until: Date) {
    const last = await store.lastIssue(newsletter.id);
    if (last) return { since: last.covers_until, until: until.toISOString() };
    const cron = newsletter.cadence && new Cron(newsletter.cadence.cron, { timezone: newsletter.cadence.timezone, paused: true });
    const slotBefore = cron?.previousRuns(2, new Date(until.getTime() + 1))[1];
    return { since: (slotBefore ?? new Date(until.getTime() - WEEK_MS)).toISOString(), until: until.toISOString() };
  }

  /** What the newsletter's rule would collect if its next issue were composed at `until`. */
  async function draftAt(newsletter: Newsletter, until: Date) {
    const window = await windowFor(newsletter, until);
    const draft = await composeIssue(newsletter, window, {
      articles: deps.articles,
      taxonomy: deps.taxonomy,
      timeZone: deps.timeZone,
      usedSourceKeys: await store.usedSourceKeys(newsletter.id),
    });
    return { draft, window };
  }

  async function compose(newsletter: Newsletter, until: Date, slotAt: string | null): Promise<ComposeOutcome> {
    const { draft, window } = await draftAt(newsletter, until);
    return { ...(await store_(newsletter, draft, slotAt, window.until)), window };
  }

  async function requireIssue(id: number): Promise<IssueRow> {
    const row = await store.get(id);
    if (!row) throw new NotFoundError(`No newsletter issue ${id}`);
    return row;
  }

  async function requireNewsletter(slug: string): Promise<Newsletter> {
    const newsletter = await catalogue.find(slug);
    if (!newsletter) throw new NotFoundError(`No newsletter "${slug}"`);
    if (newsletter.rule.kind === 'manual') throw new ValidationError(`${newsletter.name} is hand-made: its issues are composed with a subject and articles (broadsheet newsletter send)`);
    return newsletter;
  }

  /** The issue's next issue composed from its rule as of now, or a NothingNewError naming the dates looked at. */
  async function nextDraft(newsletter: Newsletter) {
    const { draft, window } = await draftAt(newsletter, now());
    if (!draft) throw new NothingNewError(newsletter.name, window);
    return { draft, window };
  }

  /**
   * Starts the send of a composed or held issue: its recipients are fixed now and the sending
   * job delivers it, as it does a scheduled issue. The status is claimed first, so of two
   * clicks only one starts a send. A composed issue made stale by a later one is refused.
   */
  async function startSend(id: number, from: IssueStatus[], segment: IssueSegment = 'everyone'): Promise<Issue> {
    const row = await requireIssue(id);
    if (row.status === 'composed' && (await store.hasLaterIssue(row.newsletter_id, id))) {
      throw new ConflictError(`Issue ${id} was composed before a later issue: compose it again`);
    }
    const at = now().toISOString();
    await inTransaction(db, async (trx) => {
      const s = issueStore(trx);
      if (await s.move(id, from, 'sending', { approved_at: at, segment })) await s.startSend(id, row.newsletter_id, at);
    });
    const issue = toIssue((await store.get(id))!);
    if (issue.status !== 'sending' && issue.status !== 'sent') throw new ConflictError(`Issue ${id} is ${issue.status.replace('_', ' ')}: it cannot be sent`);
    return issue;
  }

  return {
    /**
     * For every scheduled newsletter whose latest slot has no issue yet, composes one.
     * Safe to run often and from several processes.
     */
    async composeDue(): Promise<ComposeOutcome[]> {
      const at = now();
      const outcomes: ComposeOutcome[] = [];
      for (const newsletter of await catalogue.list()) {
        if (!newsletter.cadence || newsletter.rule.kind === 'manual') continue;
        const cron = new Cron(newsletter.cadence.cron, { timezone: newsletter.cadence.timezone, paused: true });
        const slot = cron.previousRuns(1, at)[0];
        if (!slot || at.getTime() - slot.getTime() > graceMs || slot.toISOString() < newsletter.createdAt) continue;
        if (await store.hasSlot(newsletter.id, slot.toISOString())) continue;
        outcomes.push(await compose(newsletter, slot, slot.toISOString()));
      }
      return outcomes;
    },

    /** Composes an issue now, outside the schedule: from the rule, or by hand for any list. */
    async composeNow(slug: string, manual?: ManualIssueInput): Promise<ComposeOutcome> {
      const newsletter = await catalogue.find(slug);
      if (!newsletter) throw new NotFoundError(`No newsletter "${slug}"`);
      if (!manual) {
        if (newsletter.rule.kind === 'manual') throw new ValidationError(`${newsletter.name} is hand-made: give a subject and articles`);
        return compose(newsletter, now(), null);
      }
      const parsed = manualIssueInput.safeParse(manual);
      if (!parsed.success) throw fromZod('Invalid issue', parsed.error);
      const problems: Array<{ path: string; message: string }> = [];
      const items: IssueItem[] = [];
      for (const [i, path] of parsed.data.articles.entries()) {
        const [, section, year, month, articleSlug] = path.split('/');
        const article = await deps.articles.findPublished(section!, year!, month!, articleSlug!);
        if (!article) problems.push({ path: `articles.${i}`, message: `no published article at ${path}` });
        else items.push({ articleId: article.id, headline: article.headline, standfirst: article.standfirst, path: article.path, kicker: article.section.name });
      }
      if (problems.length) throw new ValidationError('Invalid issue', problems);
      const at = now().toISOString();
      return store_(newsletter, { subject: parsed.data.subject, intro: parsed.data.intro, items, sourceKey: null }, null, at);
    },

    /** An editor's approval: fixes the recipients (of `segment`) and starts the send. */
    async approve(id: number, segment?: IssueSegment): Promise<Issue> {
      const row = await requireIssue(id);
      if (row.status !== 'awaiting_approval') throw new ConflictError(`Issue ${id} is ${row.status.replace('_', ' ')}, not awaiting approval`);
      return startSend(id, ['awaiting_approval'], segment);
    },

    /**
     * Composes the next issue from the rule for an editor to look at before it goes: stored as
     * `composed` (it covers nothing until sent or held), replacing any earlier one not acted on.
     */
    async composeForReview(slug: string): Promise<Issue> {
      const newsletter = await requireNewsletter(slug);
      const { draft, window } = await nextDraft(newsletter);
      await store.dropComposed(newsletter.id);
      const outcome = await store_(newsletter, draft, null, window.until, true);
      return outcome.issue!;
    },

    /**
     * What the next issue would be if it were composed now, rendered but stored nowhere (a test
     * send). Its HTML and text still hold the per-recipient link placeholders.
     */
    async previewNext(slug: string) {
      const newsletter = await requireNewsletter(slug);
      const { draft } = await nextDraft(newsletter);
      return { newsletter, subject: draft.subject, items: draft.items, ...(await render(newsletter, draft)) };
    },

    /** Sends a composed or held issue to `segment` of its subscribers. Sending one already sending or sent does nothing more. */
    send: (id: number, segment?: IssueSegment) => startSend(id, ['composed', 'awaiting_approval'], segment),

    /** Keeps a composed issue back: held, it waits for a later Send or Discard. */
    async hold(id: number): Promise<Issue> {
      const row = await requireIssue(id);
      if (row.status === 'composed' && (await store.hasLaterIssue(row.newsletter_id, id))) {
        throw new ConflictError(`Issue ${id} was composed before a later issue: compose it again`);
      }
      if (!(await store.move(id, ['composed'], 'awaiting_approval')) && row.status !== 'awaiting_approval') {
        throw new ConflictError(`Issue ${id} is ${row.status.replace('_', ' ')}: only a composed issue can be held`);
      }
      return toIssue((await store.get(id))!);
    },

    /** Drops a composed or held issue for good; its articles are left for the next issue. */
    async discard(id: number): Promise<Issue> {
      const row = await requireIssue(id);
      if (!(await store.move(id, ['composed', 'awaiting_approval'], 'discarded')) && row.status !== 'discarded') {
        throw new ConflictError(`Issue ${id} is ${row.status.replace('_', ' ')}: only a composed or held issue can be discarded`);
      }
      return toIssue((await store.get(id))!);
    },

    /** Sent, pending, failed and bounced-or-suppressed deliveries of each issue. */
    figures: (ids: number[]) => store.deliveryFigures(ids),

    async get(id: number): Promise<Issue | undefined> {
      const row = await store.get(id);
      return row ? toIssue(row) : undefined;
    },

    /** The stored row, with the rendered HTML and text the sender personalises. */
    row: (id: number) => requireIssue(id),

    /** A newsletter's issues, newest first. */
    async list(newsletterId: number, statuses: IssueStatus[] = ['composed', 'awaiting_approval', 'sending', 'sent', 'skipped', 'discarded'], limit?: number): Promise<Issue[]> {
      return (await store.list(newsletterId, statuses, limit)).map(toIssue);
    },

    async sending(): Promise<Issue[]> {
      return (await store.withStatus('sending')).map(toIssue);
    },

    progress: (id: number) => store.deliveryCounts(id),

    /** Closes a send whose deliveries are all done; the archive page shows it from now. */
    async finish(id: number): Promise<boolean> {
      const result = await store.markSent(id, now().toISOString());
      const done = Number(result.numUpdatedRows) > 0;
      if (done) {
        deps.events?.emit({ entity: 'newsletter', id: (await store.get(id))!.newsletter_id });
        deps.events?.happened({ type: 'newsletter.issue.sent', issueId: id });
      }
      return done;
    },
  };
}

export type IssueService = ReturnType<typeof issueService>;
