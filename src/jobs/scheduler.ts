import { Cron } from 'croner';
import type { Logger } from 'pino';

export interface Job {
  name: string;
  /** Cron pattern, seconds first when six fields. */
  pattern: string;
  run(): Promise<unknown>;
  /** Also run once as soon as the scheduler starts, to catch up on work due while the process was down. */
  runAtStart?: boolean;
}

/**
 * Runs background jobs on their patterns. A run never overlaps the previous one
 * (`protect`), and a failure is logged and retried at the next tick: the work
 * itself is idempotent and resumes from the database.
 */
export function startScheduler(jobs: Job[], logger: Logger): () => void {
  const crons = jobs.map((job) => {
    const cron = new Cron(job.pattern, { name: job.name, protect: true, catch: (error) => logger.error({ err: error, job: job.name }, 'job failed') }, async () => {
      const result = await job.run();
      if (result) logger.info({ job: job.name, result }, 'job ran');
    });
    if (job.runAtStart) void cron.trigger();
    return cron;
  });
  return () => crons.forEach((c) => c.stop());
}
