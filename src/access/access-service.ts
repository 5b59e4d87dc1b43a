import type { Database } from '../db/connection.js';
import { inTransaction } from '../db/transaction.js';
import { cookieValue } from '../http/cookie-header.js';
import { BroadsheetError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Article } from '../content/article-store.js';
import type { ContentEvents } from '../content/events.js';
import type { SiteSettings } from '../settings/site-settings.js';
import type { AccessLevel } from './access-level.js';
import { giftStore } from './gift-store.js';
import { giftTokens } from './gift-token.js';
import { articleLinkTokens } from '../newsletters/article-links.js';
import { decide, type ArticleForm, type MeterLimits } from './meter.js';
import { METER_COOKIE, meterCookie, type Meter } from './meter-cookie.js';
import { standingNowResolver, standingResolver, type ReaderStanding, type Standing, type StandingSources } from './standing.js';

/** What the render cache keeps about an article page with forms: enough to choose one per request. */
export interface AccessMeta {
  articleId: number;
  level: Exclude<AccessLevel, 'free'>;
}

/** The form a request gets and the headers to add to the answer (the updated meter cookie). */
export interface AccessChoice {
  form: ArticleForm;
  headers: Record<string, string>;
}

/** What a request brings that decides its form. */
export interface AccessRequest {
  cookie: string | undefined;
  /** The `?gift=` token, if any. */
  gift: string | undefined;
}

/** Cookie headers whose choices are remembered; it starts over when full. */
const CHOICES_KEPT = 20_000;

/** A meter cookie outlives its month by a little, so a reader's last days of the month are counted. */
const METER_MAX_AGE_SECONDS = 40 * 86_400;

/** A member asked for more gift links than the month allows. */
export class GiftLimitError extends BroadsheetError {
  override name = 'GiftLimitError';
  override readonly status = 429;
}

export interface AccessServiceConfig {
  secretKey?: string;
  timeZone: string;
  siteUrl?: string;
}

export interface AccessServiceDeps {
  /** The site settings (N, M and K): read once and again after each change announced in `events`. */
  settings: { get(): Promise<Pick<SiteSettings, 'meterFreeArticles' | 'meterRegisteredArticles' | 'giftsPerMonth'>> };
  events: ContentEvents;
  standing: StandingSources;
  now?: () => Date;
}

/**
 * Access to articles: the per-request decision (standing, meter cookie, gift link) that picks an
 * article page's form, and the gift links members make. Anonymous readers cost one HMAC and no
 * database work; the meter lives only in the reader's own cookie.
 */
export function accessService(database: Database, config: AccessServiceConfig, deps: AccessServiceDeps) {
  // Without SECRET_KEY (some tests), cookies and links made now stop working on restart: safe, only forgetful.
  const secret = config.secretKey ?? crypto.randomUUID() + crypto.randomUUID();
  const meters = meterCookie(secret);
  const gifts = giftTokens(secret);
  const issueLinks = articleLinkTokens(secret);
  const standingOf = standingResolver(deps.standing);
  const standingNow = standingNowResolver(deps.standing);
  const clock = deps.now ?? (() => new Date());
  // Read once, again after each settings change; subscribed on first use, so that services made
  // for a command or a test that never serves an article leave no listener behind.
  let limits: ReturnType<AccessServiceDeps['settings']['get']> | undefined;
  // The same, once read: what the synchronous decision for anonymous readers uses.
  let loaded: Awaited<ReturnType<AccessServiceDeps['settings']['get']>> | undefined;
  let listening = false;
  const settings = () => {
    if (!listening) {
      listening = true;
      deps.events.onChange((change) => {
        if (change.entity !== 'settings') return;
        limits = loaded = undefined;
        anonymousChoices.clear();
      });
    }
    if (limits) return limits;
    const reading = deps.settings.get().then(
      (value) => {
        if (limits === reading) loaded = value;
        return value;
      },
      (error: unknown) => {
        limits = undefined;
        throw error;
      },
    );
    return (limits = reading);
  };
  // An anonymous reader sends the same Cookie header until an article counts (on free pages,
  // articles already counted, reloads), and the choice is a function of that header, the page
  // and the month: it is remembered per header and per page (its AccessMeta, new with each
  // render, so a changed access level is never answered from here), and forgotten with the
  // settings and at the month's turn.
  const anonymousChoices = new Map<string, Map<AccessMeta, AccessChoice>>();
  let choicesMonth = '';
  const cookieSuffix = `; Path=/; Max-Age=${METER_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${config.siteUrl?.startsWith('https:') ? '; Secure' : ''}`;

  // The calendar month in the site's zone, worked out once a minute rather than per request.
  const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone, year: 'numeric', month: '2-digit' });
  let monthMinute = -1;
  let month = '';
  const nowMs = deps.now ? () => deps.now!().getTime() : Date.now;
  const currentMonth = () => {
    const now = nowMs();
    const minute = Math.floor(now / 60_000);
    if (minute !== monthMinute) {
      monthMinute = minute;
      month = monthFormat.format(now).slice(0, 7);
    }
    return month;
  };

  /**
   * The reader's meter this month. A cookie this site did not sign (tampered, forged, or signed
   * under an old SECRET_KEY) is ignored and counting starts afresh. Treating it as "used up"
   * would protect nothing, since deleting the cookie resets the meter anyway (the meter is a
   * nudge, not a lock; members-only articles are the lock), while it would wall every honest
   * reader after a key rotation. What a forger cannot do is claim a used-up meter is fresh AND
   * keep it: the meter is rewritten from the ids this site signed, never from the forged ones.
   */
  function meterOf(cookieHeader: string | undefined): Meter {
    const now = currentMonth();
    const meter = meters.read(cookieValue(cookieHeader, METER_COOKIE));
    return meter && meter.month === now ? meter : { month: now, articleIds: [] };
  }

  function chooseFor(meta: AccessMeta, request: AccessRequest, standing: Standing, limits: MeterLimits): AccessChoice {
    // A gift link, or a members' newsletter link signed for its recipient (src/newsletters/article-links.ts): the full article, off the meter.
    if (standing !== 'member' && standing !== 'staff' && request.gift && (gifts.opens(request.gift, meta.articleId, currentMonth()) || issueLinks.opens(request.gift, meta.articleId, clock()) !== undefined)) {
      return { form: 'full', headers: {} };
    }
    const decision = decide(meta.level, standing, meta.articleId, meterOf(request.cookie), limits);
    return {
      form: decision.form,
      headers: decision.counted ? { 'set-cookie': `${METER_COOKIE}=${meters.write(decision.counted)}${cookieSuffix}` } : {},
    };
  }

  async function choose(meta: AccessMeta, request: AccessRequest, reader?: ReaderStanding): Promise<AccessChoice> {
    const { standing } = reader ?? (await standingOf(request.cookie));
    return chooseFor(meta, request, standing, await settings());
  }

  /**
   * The same decision without waiting, once the settings are in memory, for an anonymous reader
   * or a signed-in one whose session and standing are remembered: the render cache then answers
   * in the same turn, as it does a free page. Undefined when the decision needs a lookup (use `choose`).
   */
  function chooseNow(meta: AccessMeta, request: AccessRequest, known?: ReaderStanding): AccessChoice | undefined {
    const reader = loaded && (known ?? standingNow(request.cookie));
    if (!reader) return undefined;
    if (reader.standing !== 'anonymous' || request.gift !== undefined) return chooseFor(meta, request, reader.standing, loaded!);
    const month = currentMonth();
    if (month !== choicesMonth || anonymousChoices.size >= CHOICES_KEPT) {
      anonymousChoices.clear();
      choicesMonth = month;
    }
    const header = request.cookie ?? '';
    let byPage = anonymousChoices.get(header);
    if (!byPage) anonymousChoices.set(header, (byPage = new Map()));
    let choice = byPage.get(meta);
    if (!choice) byPage.set(meta, (choice = chooseFor(meta, request, 'anonymous', loaded!)));
    return choice;
  }

  return {
    standingOf,
    standingNow,
    currentMonth,

    /** How many metered articles this reader's own meter cookie counts this month (for the honest asks, src/asks). */
    meterCount: (cookieHeader: string | undefined) => meterOf(cookieHeader).articleIds.length,

    /** The form of this article page for this request, and the meter cookie to send back when the view counted. */
    choose,
    chooseNow,

    /** How many gift links a member has left this month. */
    async giftsLeft(readerId: number): Promise<number> {
      const [{ giftsPerMonth }, used] = await Promise.all([settings(), giftStore(database.db).countInMonth(readerId, currentMonth())]);
      return Math.max(0, giftsPerMonth - used);
    },

    /**
     * A gift link for a members' or metered article: `?gift=` with a signed token. Giving the
     * same article again in a month gives the same link and costs nothing more.
     */
    async give(reader: ReaderStanding, article: Pick<Article, 'id' | 'path' | 'status' | 'access'>): Promise<{ path: string; left: number }> {
      if (reader.standing !== 'member' || reader.readerId === undefined) throw new ForbiddenError('Gift links are for members: sign in with the address of your membership');
      if (article.status !== 'published') throw new NotFoundError('There is no such article to give');
      if (article.access === 'free') throw new BroadsheetError('This article is free to read: share its address as it is');
      const giverId = reader.readerId;
      const thisMonth = currentMonth();
      const { giftsPerMonth } = await settings();
      const left = await inTransaction(database.db, async (trx) => {
        const store = giftStore(trx);
        if (database.dialect.name === 'postgres') await store.lockGiver(giverId);
        const used = await store.countInMonth(giverId, thisMonth);
        if (await store.given(giverId, thisMonth, article.id)) return giftsPerMonth - used;
        if (used >= giftsPerMonth) throw new GiftLimitError(`You have shared all ${giftsPerMonth} gift articles this month; more can be given from the first of next month`);
        await store.add(giverId, thisMonth, article.id, clock().toISOString());
        return giftsPerMonth - used - 1;
      });
      return { path: `${article.path}?gift=${gifts.make(article.id, giverId, thisMonth)}`, left: Math.max(0, left) };
    },
  };
}

export type AccessService = ReturnType<typeof accessService>;
