import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { JobLock } from '../cluster/job-lock.js';
import { startScheduler, type JobOutcome } from './scheduler.js';

const silent = pino({ level: 'silent' });
/** A lock another process holds for every job. */
const heldElsewhere: JobLock = { run: async () => ({ ran: false }), close: async () => {} };
const nextTurn = () => new Promise((r) => setTimeout(r, 10));

describe('the scheduler', () => {
  it('runs a job under the lock, reports each outcome, and runs an every-process job without asking the lock', async () => {
    const outcomes: Array<[string, JobOutcome]> = [];
    let sends = 0;
    const scheduler = startScheduler(
      [
        { name: 'publish-scheduled', pattern: '0 0 0 1 1 *', run: async () => 'published', runAtStart: true },
        { name: 'newsletter-send', pattern: '0 0 0 1 1 *', run: async () => sends++, runAtStart: true, everyProcess: true },
      ],
      silent,
      { lock: heldElsewhere, onRun: (job, outcome) => outcomes.push([job, outcome]) },
    );
    while (outcomes.length < 2) await nextTurn();
    await scheduler.stop();
    expect(outcomes.sort()).toEqual([
      ['newsletter-send', 'ran'],
      ['publish-scheduled', 'skipped'],
    ]);
    expect(sends).toBe(1);
  });

  it('counts a failure and keeps the process going', async () => {
    const outcomes: JobOutcome[] = [];
    const scheduler = startScheduler([{ name: 'breaks', pattern: '0 0 0 1 1 *', run: async () => Promise.reject(new Error('no')), runAtStart: true }], silent, { onRun: (_job, o) => outcomes.push(o) });
    while (!outcomes.length) await nextTurn();
    await scheduler.stop();
    expect(outcomes).toEqual(['failed']);
  });

  it('stops by aborting the run in flight and waiting until it has recorded its work', async () => {
    const recorded: string[] = [];
    let started = false;
    const scheduler = startScheduler(
      [
        {
          name: 'newsletter-send',
          pattern: '0 0 0 1 1 *',
          runAtStart: true,
          run: (signal) =>
            new Promise<void>((resolve) => {
              started = true;
              signal.addEventListener('abort', () => setTimeout(() => (recorded.push('the batch in hand'), resolve()), 20));
            }),
        },
      ],
      silent,
    );
    while (!started) await nextTurn();
    await scheduler.stop();
    expect(recorded).toEqual(['the batch in hand']);
  });
});
