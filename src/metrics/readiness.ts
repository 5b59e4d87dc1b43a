import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { migrations } from '../db/migrations.js';
import { healthStore } from './health-store.js';

export interface ReadinessSources {
  db: Kysely<DB>;
  /** PostgreSQL: whether the change listener is connected; without it this process would serve stale pages. */
  listening?: () => boolean;
}

/** Each check's answer: `ok`, or what is wrong. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

/**
 * Whether this process should get traffic: the database answers, every migration this code
 * knows has run (a newer release's process waits until `migrate` ran), and on PostgreSQL the
 * change listener is connected.
 */
export async function readiness({ db, listening }: ReadinessSources): Promise<Readiness> {
  const store = healthStore(db);
  const checks: Record<string, string> = {};
  try {
    await store.ping();
    checks.database = 'ok';
    const applied = new Set(await store.appliedMigrations());
    const pending = Object.keys(migrations).filter((name) => !applied.has(name));
    checks.migrations = pending.length ? `not applied: ${pending.join(', ')}` : 'ok';
  } catch (error) {
    checks.database = `unreachable: ${(error as Error).message}`.slice(0, 200);
    checks.migrations = 'unknown: the database is unreachable';
  }
  if (listening) checks.listener = listening() ? 'ok' : 'not connected: changes made by other processes are only polled for';
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
