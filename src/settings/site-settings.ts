import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize } from '../accounts/policy.js';
import type { Actor } from '../content/article-policy.js';
import type { ContentEvents } from '../content/events.js';
import type { DB } from '../db/schema.js';
import { fromZod } from '../errors.js';
import { settingsStore } from './settings-store.js';

const webAddress = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => v === '' || /^https:\/\/[^\s/]+\.[^\s]+$/i.test(v), 'must be an https:// address, or empty');

const count = (max: number) =>
  z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(max, `must be ${max} or less`);

/** What an admin may set; names, URL and time zone stay in the environment, where the engineer sets them. */
export const siteSettingsInput = z.object({
  supportPrompt: z.string().trim().min(1, 'is required').max(160, 'must be at most 160 characters'),
  membershipUrl: webAddress,
  donationUrl: webAddress,
  partnerSlotAfter: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(50, 'must be 50 or less'),
  // The metering cookie holds one id per article read, so these stay small (src/access/meter-cookie.ts).
  meterFreeArticles: count(100),
  meterRegisteredArticles: count(100),
  giftsPerMonth: count(100),
  // /support's goal: members and donors the newsroom aims for; 0 shows no goal (src/asks).
  supporterGoal: count(10_000_000),
});

export type SiteSettings = z.output<typeof siteSettingsInput>;

export const defaultSiteSettings: SiteSettings = {
  supportPrompt: 'Support independent journalism: become a member or give once.',
  membershipUrl: '',
  donationUrl: '',
  partnerSlotAfter: 4,
  meterFreeArticles: 5,
  meterRegisteredArticles: 10,
  giftsPerMonth: 5,
  supporterGoal: 0,
};

function jsonOrUndefined(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The site settings. Reading never fails on a stored value a later version no longer
 * accepts (or a hand-edited row that is not JSON): that one setting falls back to its default,
 * since every reader page shows the settings.
 */
export function siteSettingsService(db: Kysely<DB>, events: ContentEvents) {
  const store = settingsStore(db);

  async function get(): Promise<SiteSettings> {
    const stored = await store.all();
    const settings = { ...defaultSiteSettings };
    for (const key of Object.keys(defaultSiteSettings) as Array<keyof SiteSettings>) {
      const checked = siteSettingsInput.shape[key].safeParse(jsonOrUndefined(stored.get(key)));
      if (checked.success) Object.assign(settings, { [key]: checked.data });
    }
    return settings;
  }

  return {
    get,

    /** The settings as an admin edits them; anyone else is refused. */
    async editable(actor: Actor): Promise<SiteSettings> {
      authorize(actor, 'settings.manage');
      return get();
    },

    async save(actor: Actor, input: Record<keyof SiteSettings, unknown>, at = new Date().toISOString()): Promise<SiteSettings> {
      authorize(actor, 'settings.manage');
      const parsed = siteSettingsInput.safeParse(input);
      if (!parsed.success) throw fromZod('Invalid settings', parsed.error);
      await store.save(parsed.data, at);
      events.emit({ entity: 'settings', id: 0 });
      return parsed.data;
    },
  };
}

export type SiteSettingsService = ReturnType<typeof siteSettingsService>;
