import pg from 'pg';
import type { Logger } from 'pino';

/** Says whether this process may run a job now, so that across a cluster each job runs in one process at a time. */
export interface JobLock {
  /** Runs `work` unless another process is running the job `name`; `ran: false` means it was left to that one. */
  run<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }>;
  /** Releases every lock this process holds (its connection ends). */
  close(): Promise<void>;
}

/** SQLite: one serving process (src/cluster/sqlite-server-lock.ts), so every job may run. */
export const localJobLock: JobLock = {
  run: async (_name, work) => ({ ran: true, result: await work() }),
  close: async () => {},
};

/** The first key of every advisory lock Broadsheet takes, so that a job's never meets another application's. */
const LOCK_SPACE = 0x62736874; // "bsht"

/**
 * Session advisory locks, one per job name (`pg_try_advisory_lock`), on a connection of their
 * own: a pooled connection is handed to other queries between the lock and the unlock. A
 * process that dies mid-job loses its connection, and PostgreSQL releases its locks with it, so
 * another process runs the job at its next tick. If the lock connection itself drops mid-job,
 * the job finishes here while another may start it: every job is idempotent and resumes from
 * the database, so this costs a repeat, not a loss.
 *
 * @example const lock = postgresJobLock(url, logger); await lock.run('publish-scheduled', () => articles.publishDue());
 */
export function postgresJobLock(databaseUrl: string, logger: Logger): JobLock {
  let connection: Promise<pg.Client> | undefined;

  const connect = (): Promise<pg.Client> => {
    if (connection) return connection;
    const client = new pg.Client({ connectionString: databaseUrl, application_name: `broadsheet-jobs-${process.pid}` });
    const opened = client.connect().then(() => client);
    connection = opened;
    const drop = (error?: Error) => {
      if (connection !== opened) return;
      connection = undefined;
      if (error) logger.warn({ err: error }, 'the job-lock connection dropped; its locks are released and it reconnects at the next job');
      client.end().catch(() => {});
    };
    client.on('error', drop);
    client.on('end', () => drop());
    opened.catch(() => drop());
    return opened;
  };

  // Jobs start and end at the same moments (every minute's tick): their lock queries take turns on the one client.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(query: () => Promise<T>): Promise<T> => {
    const result = turn.then(query, query);
    turn = result.catch(() => undefined);
    return result;
  };

  return {
    async run(name, work) {
      const client = await connect();
      const { rows } = await inTurn(() => client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [LOCK_SPACE, name]));
      if (!rows[0]!.locked) return { ran: false };
      try {
        return { ran: true, result: await work() };
      } finally {
        await inTurn(() => client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, name])).catch(() => {});
      }
    },

    async close() {
      const open = connection;
      connection = undefined;
      const client = await open?.catch(() => undefined);
      await client?.end().catch(() => {});
    },
  };
}
