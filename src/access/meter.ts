import type { AccessLevel } from './access-level.js';
import type { Meter } from './meter-cookie.js';
import type { Standing } from './standing.js';

/**
 * The forms an article page comes in: `full`; `register`, the registration wall (a reader
 * without an account whose meter is used up); `join`, the membership offer (a members-only
 * article, or a registered reader past the meter). Each is rendered once and cached.
 */
export const articleForms = ['full', 'register', 'join'] as const;
export type ArticleForm = (typeof articleForms)[number];

/** How many metered articles a month: N without an account, and M more once registered. */
export interface MeterLimits {
  meterFreeArticles: number;
  meterRegisteredArticles: number;
}

export interface MeterDecision {
  form: ArticleForm;
  /** The meter to write back, when this view counted. */
  counted?: Meter;
}

/**
 * Who reads what. Free articles and members (and staff) are never metered. A metered
 * (`registered`) article opens while the reader's monthly allowance lasts (each article
 * counted once a month); past it a reader without an account meets the registration wall and a
 * registered one the membership offer. A members-only article offers membership to everyone else.
 */
export function decide(level: AccessLevel, standing: Standing, articleId: number, meter: Meter, limits: MeterLimits): MeterDecision {
  if (level === 'free' || standing === 'member' || standing === 'staff') return { form: 'full' };
  if (level === 'members') return { form: 'join' };
  if (meter.articleIds.includes(articleId)) return { form: 'full' };
  const allowance = limits.meterFreeArticles + (standing === 'registered' ? limits.meterRegisteredArticles : 0);
  if (meter.articleIds.length < allowance) return { form: 'full', counted: { month: meter.month, articleIds: [...meter.articleIds, articleId] } };
  return { form: standing === 'registered' ? 'join' : 'register' };
}
