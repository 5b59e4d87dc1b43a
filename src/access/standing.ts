import { parse } from 'hono/utils/cookie';
import { carriesCookie } from '../http/cookie-header.js';

/** Where a reader stands, which decides what they may read. */
export type Standing = 'anonymous' | 'registered' | 'member' | 'staff';

/** The reader-accounts side of the contract in issue #16 (src/readers). */
export interface ReaderIdentity {
  identify(cookieHeader: string | undefined): Promise<{ readerId: number; email: string } | null>;
  /** The same from memory: undefined when it must be looked up. */
  identifyNow?(cookieHeader: string | undefined): { readerId: number; email: string } | null | undefined;
}

/** The payments side (src/members). */
export interface MemberStanding {
  standingOf(readerId: number): Promise<'member' | 'registered'>;
  /** The same from memory: undefined when it must be looked up. */
  standingNow?(readerId: number): 'member' | 'registered' | undefined;
}

export interface StandingSources {
  /** The newsroom's sessions: a signed-in editor or writer reads everything. */
  staffSessions: { resolve(token: string): Promise<unknown> };
  readerAccounts?: ReaderIdentity;
  memberships?: MemberStanding;
}

/** The cookies that can change a reader's standing; without any of them the reader is anonymous at no cost. */
export const STAFF_COOKIES = ['__Host-broadsheet_session', 'broadsheet_session'] as const;
export const READER_COOKIES = ['__Host-broadsheet_reader', 'broadsheet_reader'] as const;
export const STANDING_COOKIES: readonly string[] = [...STAFF_COOKIES, ...READER_COOKIES];

export interface ReaderStanding {
  standing: Standing;
  /** The reader's id (a `subscribers` row) when signed in as a reader. */
  readerId?: number;
}

const anonymous: ReaderStanding = { standing: 'anonymous' };

/**
 * The one place a reader's standing is decided: staff from the newsroom's session cookie,
 * registered readers and members from the reader cookie (through reader accounts and
 * memberships, each cached in memory by its owner), everyone else anonymous without a lookup.
 */
export function standingResolver({ staffSessions, readerAccounts, memberships }: StandingSources) {
  return async function standingOf(cookieHeader: string | undefined): Promise<ReaderStanding> {
    if (!carriesCookie(cookieHeader, STANDING_COOKIES)) return anonymous;
    const jar = parse(cookieHeader!);
    const staffToken = STAFF_COOKIES.map((n) => jar[n]).find(Boolean);
    if (staffToken && (await staffSessions.resolve(staffToken))) return { standing: 'staff' };
    const reader = readerAccounts ? await readerAccounts.identify(cookieHeader) : null;
    if (!reader) return anonymous;
    const standing = memberships ? await memberships.standingOf(reader.readerId) : 'registered';
    return { standing, readerId: reader.readerId };
  };
}

/**
 * The same decision without waiting, for a reader whose session and memberships this process
 * remembers: undefined when something must be looked up (and always for the newsroom's cookie).
 */
export function standingNowResolver({ readerAccounts, memberships }: StandingSources) {
  return function standingNow(cookieHeader: string | undefined): ReaderStanding | undefined {
    if (!carriesCookie(cookieHeader, STANDING_COOKIES)) return anonymous;
    if (carriesCookie(cookieHeader, STAFF_COOKIES) || !readerAccounts?.identifyNow) return undefined;
    const reader = readerAccounts.identifyNow(cookieHeader);
    if (reader === undefined) return undefined;
    if (reader === null) return anonymous;
    const standing = memberships ? memberships.standingNow?.(reader.readerId) : 'registered';
    return standing && { standing, readerId: reader.readerId };
  };
}

export type StandingOf = ReturnType<typeof standingResolver>;
