import { STANDING_COOKIES, type ReaderStanding } from '../access/standing.js';
import { carriesCookie } from '../http/cookie-header.js';
import { PLAIN_ASK, type AskState } from './ask-slot.js';

/** The cookie a reader sets with "Don't show my count"; it holds no identity, so cached pages still serve them. */
export const ASK_COUNT_COOKIE = 'broadsheet_ask';
export const ASK_COUNT_OFF = 'nocount';

export interface AskSources {
  /** The metered articles the reader's own meter cookie counts this month. */
  meterCount(cookieHeader: string | undefined): number;
  standingOf(cookieHeader: string | undefined): Promise<ReaderStanding>;
  /** The same from memory, undefined when it must be looked up: a remembered member's asks are filled in the same turn. */
  standingNow?(cookieHeader: string | undefined): ReaderStanding | undefined;
  /** The meter's month (`YYYY-MM`): a count remembered for a Cookie header holds until it changes. */
  currentMonth?(): string;
}

/** Cookie headers whose state is remembered (a few hundred bytes each); it starts over when full. */
const STATES_KEPT = 20_000;

const MEMBER: AskState = { kind: 'member' };

const countOff = (cookie: string | undefined) => cookie !== undefined && cookie.includes(`${ASK_COUNT_COOKIE}=${ASK_COUNT_OFF}`);

/**
 * What the asks show a reader: members a thank-you, readers who turned the
 * count off and readers with nothing counted the plain ask, everyone else their count.
 */
export function askStates(sources: AskSources) {
  // A reader sends the same Cookie header page after page, and reading the meter from it (a
  // parse and a signature check) costs more than filling the page: the state is remembered
  // per header for the month. A header names its own meter, so one cannot stand for another.
  const remembered = new Map<string, AskState>();
  let rememberedMonth: string | undefined;
  const anonymous = (cookie: string | undefined): AskState => {
    if (!cookie || countOff(cookie)) return PLAIN_ASK;
    const month = sources.currentMonth?.();
    if (month !== rememberedMonth) {
      remembered.clear();
      rememberedMonth = month;
    }
    const known = remembered.get(cookie);
    if (known) return known;
    const count = sources.meterCount(cookie);
    const state: AskState = count > 0 ? { kind: 'count', count } : PLAIN_ASK;
    if (remembered.size >= STATES_KEPT) remembered.clear();
    remembered.set(cookie, state);
    return state;
  };
  const stateOf = ({ standing }: ReaderStanding, cookie: string | undefined): AskState => {
    // The newsroom sees the ask readers see (without a count): it is checking the site, not reading.
    if (standing === 'staff') return PLAIN_ASK;
    return standing === 'member' ? MEMBER : anonymous(cookie);
  };
  return {
    /**
     * The state without waiting, or undefined when the reader must be looked up (a reader or
     * newsroom cookie not remembered); `known`, the reader's standing when the caller has it.
     */
    now(cookie: string | undefined, known?: ReaderStanding): AskState | undefined {
      if (known) return stateOf(known, cookie);
      if (!carriesCookie(cookie, STANDING_COOKIES)) return anonymous(cookie);
      const reader = sources.standingNow?.(cookie);
      return reader && stateOf(reader, cookie);
    },
    async of(cookie: string | undefined, known?: ReaderStanding): Promise<AskState> {
      if (known) return stateOf(known, cookie);
      if (!carriesCookie(cookie, STANDING_COOKIES)) return anonymous(cookie);
      return stateOf(await sources.standingOf(cookie), cookie);
    },
  };
}

export type AskStates = ReturnType<typeof askStates>;
