import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { goalStore } from './goal-store.js';

/** The render-cache tag of the pages showing the goal (/support). */
export const SUPPORTER_GOAL_TAG = 'supporter-goal';

/** Where /support's goal stands: supporters now toward the newsroom's target (0: no goal shown). */
export interface GoalFigures {
  supporters: number;
  target: number;
}

/**
 * /support's supporter goal. The count is read from the database by a job (src/server.ts, each
 * minute) and kept in memory; /support is render-cached, so when the count changes, listeners
 * (createApp's: drop the cached /support) hear of it. The target is a site setting, whose
 * change already empties the render cache.
 */
export function supporterGoal(db: Kysely<DB>, deps: { settings: { get(): Promise<{ supporterGoal: number }> }; now?: () => Date }) {
  const store = goalStore(db);
  const clock = deps.now ?? (() => new Date());
  let counted: Promise<number> | undefined;
  const listeners = new Set<() => void>();

  /** Counts again; tells the listeners when the count moved. */
  async function refresh(): Promise<number> {
    const before = counted ? await counted.catch(() => undefined) : undefined;
    const reading = store.supporters(clock());
    counted = reading;
    const now = await reading;
    if (before !== undefined && before !== now) for (const listener of listeners) listener();
    return now;
  }

  return {
    refresh,
    async figures(): Promise<GoalFigures> {
      const [{ supporterGoal: target }, supporters] = await Promise.all([deps.settings.get(), counted ?? refresh()]);
      return { supporters, target };
    },
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SupporterGoal = ReturnType<typeof supporterGoal>;
