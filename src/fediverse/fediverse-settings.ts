import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize } from '../accounts/policy.js';
import type { Actor } from '../content/article-policy.js';
import type { ContentEvents } from '../content/events.js';
import type { DB } from '../db/schema.js';
import { fromZod } from '../errors.js';
import { settingsStore } from '../settings/settings-store.js';

/** The site_settings row these live in, beside the site settings (which ignore it). */
const SETTINGS_KEY = 'fediverse';

export const fediverseSettingsInput = z.object({
  enabled: z.boolean(),
  handle: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(30, 'must be at most 30 characters')
    .regex(/^[a-z0-9_]+$/i, 'may use only letters, digits and _ (it becomes @handle@your-site)'),
  description: z.string().trim().max(500, 'must be at most 500 characters'),
});

export type FediverseSettings = z.output<typeof fediverseSettingsInput>;

/** The publication's default handle: its name in letters and digits ("The Meridian" → themeridian). */
export const defaultHandle = (siteName: string) => siteName.toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 30) || 'news';

/**
 * Whether the publication federates, under which handle, with which profile text. Off until a
 * newsroom turns it on: a site says it is on the fediverse when its editors choose to. The value
 * is remembered here and forgotten when any process saves settings (the change feed says so).
 */
export function fediverseSettings(db: Kysely<DB>, events: ContentEvents, siteName: string) {
  const store = settingsStore(db);
  const defaults: FediverseSettings = { enabled: false, handle: defaultHandle(siteName), description: `News and analysis from ${siteName}.` };
  let cached: Promise<FediverseSettings> | undefined;
  events.onChange((change) => {
    if (change.entity === 'settings') cached = undefined;
  });

  async function read(): Promise<FediverseSettings> {
    const stored = (await store.all()).get(SETTINGS_KEY);
    try {
      const parsed = fediverseSettingsInput.safeParse({ ...defaults, ...(stored === undefined ? {} : JSON.parse(stored)) });
      return parsed.success ? parsed.data : defaults;
    } catch {
      return defaults;
    }
  }

  return {
    get(): Promise<FediverseSettings> {
      cached ??= read().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },

    async editable(actor: Actor): Promise<FediverseSettings> {
      authorize(actor, 'settings.manage');
      return this.get();
    },

    async save(actor: Actor, input: unknown, at = new Date().toISOString()): Promise<FediverseSettings> {
      authorize(actor, 'settings.manage');
      const parsed = fediverseSettingsInput.safeParse(input);
      if (!parsed.success) throw fromZod('Invalid fediverse settings', parsed.error);
      await store.save({ [SETTINGS_KEY]: parsed.data }, at);
      cached = undefined;
      events.emit({ entity: 'settings', id: 0 });
      return parsed.data;
    },
  };
}

export type FediverseSettingsService = ReturnType<typeof fediverseSettings>;
