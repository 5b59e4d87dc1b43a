import { Cron } from 'croner';
import type { Logger } from 'pino';
import { localJobLock, type JobLock } from '../cluster/job-lock.js';

export interface Job {
  name: string;
  /** Cron pattern, seconds first when six fields. */
  pattern: string;
  /** The work; `signal` fires at shutdown: stop taking new work, and record what is done. */
  run(signal: AbortSignal): Promise<unknown>;
  /** Also run once as soon as the scheduler starts, to catch up on work due while the process was down. */
  runAtStart?: boolean;
  /**
   * Runs in every process at once, without the job lock: for work the processes share out
   * through the database themselves (newsletter sends claim batches of deliveries).
   */
  everyProcess?: boolean;
}

/** How a job's run went: `skipped` when another process held its lock. */
export type JobOutcome = 'ran' | 'failed' | 'skipped';

export interface SchedulerOptions {
  /** Across a cluster, each job runs in one process at a time (src/cluster/job-lock.ts); alone, it always runs. */
  lock?: JobLock;
  /** Told of every run (the metrics count them). */
  onRun?: (job: string, outcome: JobOutcome) => void;
}

export interface Scheduler {
  /** No new runs; aborts the runs in flight and resolves once they have wound up. */
  stop(): Promise<void>;
}

/**
 * Runs background jobs on their patterns. A run never overlaps the previous one
 * (`protect`), and a failure is logged and retried at the next tick: the work
 * itself is idempotent and resumes from the database.
 */
export function startScheduler(jobs: Job[], logger: Logger, { lock = localJobLock, onRun }: SchedulerOptions = {}): Scheduler {
  const abort = new AbortController();
  const running = new Set<Promise<void>>();

  const runOnce = async (job: Job) => {
    try {
      const outcome = job.everyProcess ? { ran: true as const, result: await job.run(abort.signal) } : await lock.run(job.name, () => job.run(abort.signal));
      onRun?.(job.name, outcome.ran ? 'ran' : 'skipped');
      if (outcome.ran && outcome.result) logger.info({ job: job.name, result: outcome.result }, 'job ran');
    } catch (error) {
      onRun?.(job.name, 'failed');
      logger.error({ err: error, job: job.name }, 'job failed');
    }
  };

  const crons = jobs.map((job) => {
    const cron = new Cron(job.pattern, { name: job.name, protect: true }, () => {
      if (abort.signal.aborted) return;
      const run = runOnce(job);
      running.add(run);
      return run.finally(() => running.delete(run));
    });
    if (job.runAtStart) void cron.trigger();
    return cron;
  });

  return {
    async stop() {
      crons.forEach((c) => c.stop());
      abort.abort();
      await Promise.all(running);
    },
  };
}
