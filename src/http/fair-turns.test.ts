import { expect, it } from 'vitest';
import { fairTurns } from './fair-turns.js';

/** Holds the thread as a render on the event loop does. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

it('answers requests in the order they came', async () => {
  const turns = fairTurns({ concurrency: 1 });
  const done: number[] = [];
  const all = Array.from({ length: 20 }, (_, i) => new Promise<void>((resolve) => turns(() => (busy(1), done.push(i), resolve()))));
  await Promise.all(all);
  expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

it('hands the event loop back between slices, so I/O waiting behind a long queue gets its turn', async () => {
  const turns = fairTurns({ sliceMs: 5, concurrency: 1 });
  let finished = 0;
  const all = Array.from({ length: 40 }, () => new Promise<void>((resolve) => turns(() => (busy(2), finished++, resolve()))));
  // Stands for the socket reads and accepts of the next turn.
  const turnTaken = new Promise<number>((resolve) => setImmediate(() => resolve(finished)));
  expect(await turnTaken).toBeLessThan(10);
  await Promise.all(all);
  expect(finished).toBe(40);
});

it('keeps at most `concurrency` handlers in flight, and one that fails does not stop the rest', async () => {
  const turns = fairTurns({ concurrency: 3 });
  let inFlight = 0;
  let most = 0;
  const answered: number[] = [];
  const all = Array.from(
    { length: 12 },
    (_, i) =>
      new Promise<void>((resolve) =>
        turns(async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          inFlight--;
          resolve();
          if (i === 4) throw new Error('a handler that fails');
          answered.push(i);
        }),
      ),
  );
  await Promise.all(all);
  await new Promise((r) => setTimeout(r, 10));
  expect(most).toBe(3);
  expect(answered).toHaveLength(11);
});
