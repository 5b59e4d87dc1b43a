import { b, type Block } from '../../src/content/blocks.js';
import type { ArticleInput } from '../../src/content/article-input.js';
import type { CreateOptions } from '../../src/content/articles.js';
import type { Services } from '../../src/services.js';

/**
 * The one fixture builder: a small newsroom (sections, authors, topics, a print issue)
 * and articles on demand, each with a unique slug unless one is given.
 */
export async function seedNewsroom(services: Services) {
  const { taxonomy } = services;
  const world = await taxonomy.upsertSection({ slug: 'world', name: 'World', description: 'News from everywhere.' });
  const politics = await taxonomy.upsertSection({ slug: 'politics', name: 'Politics', description: 'Power at home.' });
  const authors = [
    await taxonomy.upsertAuthor({ slug: 'ada-reporter', name: 'Ada Reporter', bio: 'Covers Europe.' }),
    await taxonomy.upsertAuthor({ slug: 'ben-writer', name: 'Ben Writer', bio: 'Writes on politics.' }),
  ];
  const topics = [
    await taxonomy.upsertTopic({ slug: 'russia', name: 'Russia' }),
    await taxonomy.upsertTopic({ slug: 'elections', name: 'Elections' }),
  ];
  const printIssue = await taxonomy.upsertPrintIssue({ number: 42, date: '2026-01-09', title: 'The year ahead' });
  return { world, politics, authors, topics, printIssue };
}

let counter = 0;

/** Article input with sensible defaults; override any field. */
export function articleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  counter++;
  return {
    headline: `A headline number ${counter}`,
    standfirst: 'A one-sentence standfirst.',
    slug: `article-${counter}-${process.pid}`,
    section: 'world',
    authors: ['ada-reporter'],
    topics: ['russia'],
    body: [b.p('First paragraph.'), b.p('Second paragraph.')] satisfies Block[],
    ...overrides,
  };
}

/** Creates a published article dated `publishedAt` (default 2026-01-07 09:00 UTC). */
export function publishedArticle(services: Services, overrides: Partial<ArticleInput> = {}, options: CreateOptions = {}) {
  return services.articles.create(articleInput(overrides), { status: 'published', publishedAt: '2026-01-07T09:00:00.000Z', ...options });
}

const longReadWords = 'the harbour board met on monday evening to weigh a proposal that would reshape the docks for a generation while unions and shipping firms argued over pay cranes stood idle along the quay and the city council asked for figures nobody had yet published residents said the strike had changed the neighbourhood more than any plan'.split(' ');

/**
 * A long read of about `words` words as an editor would write it: paragraphs of 60–110 words,
 * a heading every eight paragraphs (some subheadings), and every twelfth block an image (from
 * `image`) or a pull quote. Deterministic: the same arguments give the same body.
 */
export function longReadBody(words: number, image: Block): Block[] {
  const body: Block[] = [];
  let written = 0;
  for (let n = 0; written < words; n++) {
    if (n % 8 === 4) body.push(n % 16 === 4 ? b.h2(`Part ${n / 8 + 1}: the docks at night`) : b.h3('What the figures say'));
    if (n % 12 === 6) body.push(n % 24 === 6 ? image : b.pullquote('Nobody has told us what the docks will be for', 'A crane driver'));
    const length = Math.min(words - written, 60 + ((n * 37) % 51));
    const text = Array.from({ length }, (_, i) => longReadWords[(n * 7 + i) % longReadWords.length]).join(' ');
    body.push(b.p(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`));
    written += length;
  }
  return body;
}

/** Two newsletters: a weekday briefing from World, a weekly read from Politics (held for approval). */
export async function seedNewsletters(services: Services) {
  const daily = await services.newsletters.add({
    slug: 'daily-brief',
    name: 'The Daily Brief',
    description: 'World news every weekday.',
    cadence: { cron: '0 7 * * 1-5', timezone: 'Europe/London', label: 'Weekday mornings' },
    rule: { kind: 'latest', sections: ['world'] },
    senderName: 'The Daily Brief',
    replyTo: 'editor@test.example',
  });
  const weekend = await services.newsletters.add({
    slug: 'weekend-read',
    name: 'The Weekend Read',
    description: 'Politics, every Saturday.',
    cadence: { cron: '0 9 * * 6', timezone: 'Europe/London', label: 'Saturdays' },
    rule: { kind: 'latest', sections: ['politics'] },
    requiresApproval: true,
  });
  return { daily, weekend };
}

/** `count` published articles one day apart from `from` (ISO), oldest first. */
export async function publishedSeries(services: Services, count: number, overrides: Partial<ArticleInput> = {}, from = '2025-03-01T09:00:00.000Z') {
  const articles = [];
  for (let i = 0; i < count; i++) {
    articles.push(await publishedArticle(services, overrides, { publishedAt: new Date(Date.parse(from) + i * 86_400_000).toISOString() }));
  }
  return articles;
}

/** A reader's subscription to a newsletter as it stands after signing up (pending) or confirming at `confirmedAt` (active). */
export async function subscription(services: Services, newsletterId: number, email: string, state: { confirmedAt: string } | 'pending') {
  const { db } = services.database;
  const at = state === 'pending' ? new Date().toISOString() : state.confirmedAt;
  const subscriber =
    (await db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirst()) ??
    (await db.insertInto('subscribers').values({ email, created_at: at }).returning('id').executeTakeFirstOrThrow());
  await db
    .insertInto('subscriptions')
    .values({
      subscriber_id: subscriber.id,
      newsletter_id: newsletterId,
      status: state === 'pending' ? 'pending' : 'active',
      requested_at: at,
      confirmed_at: state === 'pending' ? null : state.confirmedAt,
      unsubscribed_at: null,
    })
    .execute();
}

/**
 * An image uploaded to the media library through the media service: a plain `width` × `height`
 * JPEG in `colour`, with the text given, uploaded by `userId` (default: nobody recorded).
 */
export async function uploadedImage(
  services: Services,
  text: { alt: string; caption?: string; credit?: string },
  options: { userId?: number | null; width?: number; height?: number; colour?: string } = {},
) {
  const { width = 900, height = 600, colour = '#3a6f8f', userId = null } = options;
  // Loaded here so that tests without images never load libvips.
  const { default: sharp } = await import('sharp');
  const bytes = await sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();
  return services.media.upload({ bytes, name: 'photo.jpg' }, text, userId);
}

/** The newsroom's plans as an editor sets them: two tiers in GBP and EUR, and suggested gifts in both. */
export async function seedPlans(services: Services) {
  const editor = { id: 0, role: 'editor' as const, author_id: null };
  const supporter = await services.plans.addTier(editor, {
    name: 'Supporter',
    benefits: 'Every article, without limits\nThe weekly members’ letter',
    prices: 'GBP 5 50\nEUR 6 60',
    position: '0',
  });
  const patron = await services.plans.addTier(editor, {
    name: 'Patron',
    benefits: 'Everything Supporters get\nInvitations to members’ events\nThe print edition by post',
    prices: 'GBP 15 150\nEUR 18 180',
    position: '1',
  });
  await services.plans.saveDonations(editor, { oneOff: 'GBP 10 25 50\nEUR 10 25 50', monthly: 'GBP 3 7\nEUR 3 7' });
  return { supporter, patron };
}

/** A reader (a `subscribers` row) as a signup leaves it, with a name when given. */
export async function reader(services: Services, email: string, options: { name?: string; createdAt?: string } = {}) {
  const row = await services.database.db
    .insertInto('subscribers')
    .values({ email, name: options.name ?? null, created_at: options.createdAt ?? new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A Stripe subscription as the webhooks leave it, for a reader (monthly GBP membership unless told). */
export async function membershipRow(
  services: Services,
  readerId: number | null,
  values: Partial<{ kind: 'membership' | 'donation'; tierId: number | null; status: string; interval: 'month' | 'year'; amount: number; currency: string; currentPeriodEnd: string | null; pastDueSince: string | null; createdAt: string }> = {},
) {
  const at = values.createdAt ?? new Date().toISOString();
  await services.database.db
    .insertInto('memberships')
    .values({
      stripe_subscription_id: `sub_${Math.random().toString(36).slice(2)}`,
      stripe_customer_id: null,
      subscriber_id: readerId,
      kind: values.kind ?? 'membership',
      tier_id: values.tierId ?? null,
      status: values.status ?? 'active',
      interval: values.interval ?? 'month',
      amount: values.amount ?? 500,
      currency: values.currency ?? 'GBP',
      current_period_end: values.currentPeriodEnd ?? null,
      cancel_at_period_end: 0,
      past_due_since: values.pastDueSince ?? null,
      last_event_created: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** A payment as invoice.paid or checkout leaves it. */
export async function paymentRow(services: Services, readerId: number | null, values: { kind: 'one_off' | 'recurring'; amount: number; paidAt: string; refunded?: number; currency?: string }) {
  await services.database.db
    .insertInto('member_payments')
    .values({
      subscriber_id: readerId,
      email: null,
      kind: values.kind,
      stripe_payment_intent: `pi_${Math.random().toString(36).slice(2)}`,
      stripe_invoice: null,
      stripe_subscription_id: null,
      amount: values.amount,
      amount_refunded: values.refunded ?? 0,
      currency: values.currency ?? 'GBP',
      paid_at: values.paidAt,
    })
    .execute();
}

/**
 * A small but complete site for whole-database operations (copy, backup): the newsroom and
 * newsletters above, a dozen published articles, a draft, one article with an uploaded lead
 * image, a body image and a correction note, the plans, readers with subscriptions, a
 * membership and a payment. Returns what the tests look for.
 */
export async function seedSite(services: Services) {
  const newsroom = await seedNewsroom(services);
  const { daily } = await seedNewsletters(services);
  await publishedSeries(services, 12);
  await services.articles.create(articleInput({ headline: 'A draft nobody has seen' }));
  const image = await uploadedImage(services, { alt: 'Cranes on the quay at dusk', caption: 'The docks', credit: 'Staff' });
  const pictured = await publishedArticle(services, {
    headline: 'Harbour cranes fall silent as the dock strike begins',
    imageMediaId: image.id,
    imageAlt: 'Cranes on the quay at dusk',
    body: [b.p('The quayside was quiet on Monday.'), b.image(image.thumbnail.src, 'A crane'), { type: 'note', kind: 'correction', date: '2026-01-08', text: 'An earlier version misnamed the union.' }],
  });
  const plans = await seedPlans(services);
  const readers = [await reader(services, 'ann@test.example', { name: 'Ann' }), await reader(services, 'bo@test.example')];
  await subscription(services, daily.id, 'ann@test.example', { confirmedAt: '2026-01-02T08:00:00.000Z' });
  await membershipRow(services, readers[0]!, { tierId: plans.supporter });
  await paymentRow(services, readers[0]!, { kind: 'recurring', amount: 500, paidAt: '2026-01-03T10:00:00.000Z' });
  return { newsroom, image, pictured, readers };
}
