import type { Kysely } from 'kysely';
import { segmentInput, type IssueSegment } from '../newsletters/audience.js';
import type { z } from 'zod';
import { authorize } from '../accounts/policy.js';
import type { Actor } from '../content/article-policy.js';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import { slugify } from '../content/slug.js';
import { authorInput, printIssueInput, sectionInput, topicInput } from '../content/taxonomy-input.js';
import type { TaxonomyService } from '../content/taxonomy.js';
import type { DB } from '../db/schema.js';
import { fromZod, NotFoundError, ValidationError } from '../errors.js';
import type { NewsletterInput } from '../newsletters/catalogue.js';
import { PREFERENCES_URL, UNSUBSCRIBE_URL } from '../mail/email-shell.js';
import { personalise } from '../mail/render.js';
import type { DeliveryFigures } from '../newsletters/issue-store.js';
import type { Issue } from '../newsletters/issues.js';
import type { NewsletterService } from '../newsletters/newsletter-service.js';
import { upcomingSends } from '../newsletters/schedule.js';
import { deskStore } from './desk-store.js';

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(`Invalid ${what}`, result.error);
  return result.data;
}

const id = (value: number, what: string) => {
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(`Invalid ${what}`, [{ path: 'id', message: 'must be a positive whole number' }]);
  return value;
};

export interface DeskDeps {
  events: ContentEvents;
  taxonomy: TaxonomyService;
  articles: ArticleService;
  newsletters: NewsletterService;
  now?: () => Date;
}

export interface IssueWithFigures {
  issue: Issue;
  figures: DeliveryFigures;
}

/** An issue being sent, for the dashboard: `sent` and `failed` of `total` recipients so far. */
export interface SendInProgress {
  issueId: number;
  newsletter: { slug: string; name: string };
  subject: string;
  startedAt: string | null;
  sent: number;
  failed: number;
  total: number;
}

const noDeliveries = (issueId: number): DeliveryFigures => ({ issueId, sent: 0, pending: 0, failed: 0, bouncedOrSuppressed: 0 });

/**
 * The desk's management of sections, authors, topics, print issues, partner content and
 * newsletters. Every method checks the policy first: a refused change touches nothing.
 */
/** The segment an editor chose (none: every subscriber), or a ValidationError naming the field. */
function segmentOf(value: unknown): IssueSegment {
  if (value === undefined || value === '') return 'everyone';
  const parsed = segmentInput.safeParse(value);
  if (!parsed.success) throw new ValidationError('Send to: must be every subscriber, members, free readers or lapsed members', [{ path: 'segment', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

export function deskService(db: Kysely<DB>, deps: DeskDeps) {
  const store = deskStore(db);
  const { events, taxonomy } = deps;
  const now = () => deps.now?.() ?? new Date();

  /** Issue `issueId` if it belongs to the newsletter `slug`: an id from another newsletter's page is not found. */
  async function issueOf(actor: Actor, slug: string, issueId: number) {
    authorize(actor, 'newsletters.manage');
    const newsletter = await deps.newsletters.find(slug);
    const issue = newsletter && (await deps.newsletters.issues.get(id(issueId, 'issue')));
    if (!newsletter || !issue || issue.newsletterId !== newsletter.id) throw new NotFoundError(`No issue ${issueId} of the newsletter "${slug}"`);
    return { newsletter, issue };
  }

  return {
    sections: (actor: Actor) => (authorize(actor, 'taxonomy.manage'), taxonomy.listSections()),

    async addSection(actor: Actor, input: z.input<typeof sectionInput>) {
      authorize(actor, 'taxonomy.manage');
      const s = parse(sectionInput, input, 'section');
      const row = await store.addSection({ slug: s.slug, name: s.name, description: s.description, position: s.position ?? 0 });
      events.emit({ entity: 'section', id: row.id });
      return row;
    },

    async updateSection(actor: Actor, sectionId: number, input: { name: string; description?: string; position?: number }) {
      authorize(actor, 'taxonomy.manage');
      const s = parse(sectionInput.omit({ slug: true }), input, 'section');
      const row = await store.updateSection(id(sectionId, 'section'), { name: s.name, description: s.description, position: s.position ?? 0 });
      events.emit({ entity: 'section', id: row.id });
      return row;
    },

    authors: (actor: Actor) => (authorize(actor, 'taxonomy.manage'), taxonomy.listAuthors()),

    async saveAuthor(actor: Actor, authorId: number | undefined, input: z.input<typeof authorInput>) {
      authorize(actor, 'taxonomy.manage');
      const a = parse(authorInput, input, 'author');
      const values = { slug: a.slug ?? slugify(a.name), name: a.name, bio: a.bio, photo_url: a.photoUrl || null };
      const row = authorId === undefined ? await store.addAuthor(values) : await store.updateAuthor(id(authorId, 'author'), values);
      events.emit({ entity: 'author', id: row.id });
      return row;
    },

    async addTopic(actor: Actor, input: z.input<typeof topicInput>) {
      authorize(actor, 'taxonomy.manage');
      const t = parse(topicInput, input, 'topic');
      const row = await store.addTopic({ slug: t.slug ?? slugify(t.name), name: t.name });
      events.emit({ entity: 'topic', id: row.id });
      return row;
    },

    async renameTopic(actor: Actor, topicId: number, name: string) {
      authorize(actor, 'taxonomy.manage');
      const t = parse(topicInput, { name }, 'topic');
      const row = await store.renameTopic(id(topicId, 'topic'), t.name);
      events.emit({ entity: 'topic', id: row.id });
      return row;
    },

    /** Merges topic `fromId` into `intoId` (kept); the old slug redirects to the kept topic. */
    async mergeTopics(actor: Actor, fromId: number, intoId: number) {
      authorize(actor, 'taxonomy.manage');
      if (id(fromId, 'topic') === id(intoId, 'topic')) throw new ValidationError('Invalid merge', [{ path: 'into', message: 'must be a different topic' }]);
      const articleIds = await store.mergeTopics(fromId, intoId);
      events.emit({ entity: 'topic', id: intoId });
      events.emit({ entity: 'topic', id: fromId });
      for (const articleId of articleIds) events.emit({ entity: 'article', id: articleId });
      return { moved: articleIds.length };
    },

    /** For the reader site: where a merged-away topic slug went. Public, no actor. */
    topicRedirect: (slug: string) => store.topicRedirect(slug),

    printIssues: (actor: Actor) => (authorize(actor, 'printIssues.manage'), taxonomy.listPrintIssues()),

    async savePrintIssue(actor: Actor, issueId: number | undefined, input: z.input<typeof printIssueInput>) {
      authorize(actor, 'printIssues.manage');
      const p = parse(printIssueInput, input, 'print issue');
      const values = { number: p.number, issue_date: p.date, title: p.title, cover_url: p.coverUrl || null };
      const row = issueId === undefined ? await store.addPrintIssue(values) : await store.updatePrintIssue(id(issueId, 'print issue'), values);
      events.emit({ entity: 'print_issue', id: row.id });
      return row;
    },

    /** Articles flagged as partner (sponsored) content, newest first. */
    partnerContent: (actor: Actor) => (authorize(actor, 'partners.manage'), deps.articles.list({ sponsored: true, order: 'updated', limit: 200 })),

    newsletters: (actor: Actor) => (authorize(actor, 'newsletters.manage'), deps.newsletters.list()),

    newsletter: (actor: Actor, slug: string) => (authorize(actor, 'newsletters.manage'), deps.newsletters.find(slug)),

    addNewsletter: (actor: Actor, input: NewsletterInput) => (authorize(actor, 'newsletters.manage'), deps.newsletters.add(input)),

    editNewsletter: (actor: Actor, slug: string, patch: Partial<NewsletterInput>) => (authorize(actor, 'newsletters.manage'), deps.newsletters.edit(slug, patch)),

    /** The newest issues of a newsletter, each with its delivery figures. */
    async newsletterIssues(actor: Actor, newsletterId: number, limit = 20): Promise<IssueWithFigures[]> {
      authorize(actor, 'newsletters.manage');
      const { issues } = deps.newsletters;
      const list = await issues.list(newsletterId, undefined, limit);
      const figures = await issues.figures(list.map((i) => i.id));
      return list.map((issue) => ({ issue, figures: figures.get(issue.id) ?? noDeliveries(issue.id) }));
    },

    /** One issue of the newsletter `slug` with its rendered email, for review before it goes. */
    async newsletterIssue(actor: Actor, slug: string, issueId: number) {
      const { newsletter, issue } = await issueOf(actor, slug, issueId);
      const figures = (await deps.newsletters.issues.figures([issue.id])).get(issue.id) ?? noDeliveries(issue.id);
      return { newsletter, issue, figures };
    },

    /** The email of an issue as a reader would see it, with harmless links where each reader's own go. */
    async newsletterIssueEmail(actor: Actor, slug: string, issueId: number): Promise<string> {
      const { issue } = await issueOf(actor, slug, issueId);
      const { html } = await deps.newsletters.issues.row(issue.id);
      const signup = `${deps.newsletters.emailLinkBase()}/newsletters`;
      return personalise(html, { [PREFERENCES_URL]: signup, [UNSUBSCRIBE_URL]: signup }, 'html');
    },

    /** Composes the next issue for the editor to look at; nothing goes until they send it. */
    async composeNewsletter(actor: Actor, slug: string) {
      authorize(actor, 'newsletters.manage');
      return deps.newsletters.issues.composeForReview(slug);
    },

    /** Sends a composed or held issue to the chosen segment of its subscribers, once however often it is asked. */
    async sendIssue(actor: Actor, slug: string, issueId: number, segment?: unknown) {
      const { issue } = await issueOf(actor, slug, issueId);
      return deps.newsletters.issues.send(issue.id, segmentOf(segment));
    },

    async holdIssue(actor: Actor, slug: string, issueId: number) {
      const { issue } = await issueOf(actor, slug, issueId);
      return deps.newsletters.issues.hold(issue.id);
    },

    async discardIssue(actor: Actor, slug: string, issueId: number) {
      const { issue } = await issueOf(actor, slug, issueId);
      return deps.newsletters.issues.discard(issue.id);
    },

    /** The next issue as it would go now, emailed to the signed-in editor alone. */
    async sendTestIssue(actor: Actor & { email: string }, slug: string) {
      authorize(actor, 'newsletters.manage');
      return deps.newsletters.sendTest(slug, { email: actor.email, userId: actor.id });
    },

    /** The coming week's scheduled sends across every newsletter, earliest first. */
    async newsletterSchedule(actor: Actor, days = 7) {
      authorize(actor, 'newsletters.manage');
      return upcomingSends(await deps.newsletters.list(), now(), days);
    },

    /**
     * Issues being sent right now, with how far each has got: `sent` (and `failed`) of `total`.
     * For the dashboard; editors and admins only, like every newsletter figure.
     */
    async sendsInProgress(actor: Actor): Promise<SendInProgress[]> {
      authorize(actor, 'newsletters.manage');
      const { issues } = deps.newsletters;
      const sending = await issues.sending();
      const [figures, newsletters] = await Promise.all([issues.figures(sending.map((i) => i.id)), deps.newsletters.list()]);
      return sending.map((issue) => {
        const f = figures.get(issue.id) ?? noDeliveries(issue.id);
        const n = newsletters.find((x) => x.id === issue.newsletterId)!;
        return { issueId: issue.id, newsletter: { slug: n.slug, name: n.name }, subject: issue.subject, startedAt: issue.sendStartedAt, sent: f.sent, failed: f.failed, total: issue.recipients };
      });
    },
  };
}

export type DeskService = ReturnType<typeof deskService>;
