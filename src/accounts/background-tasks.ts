/**
 * Work handed off so that a request answers before it runs: the answer then takes the same
 * time whatever the work finds or sends. Errors go to `onError`; nothing is retried.
 *
 * @example tasks.run(() => sendResetMail(email)); … await tasks.settled(); // in tests and at shutdown
 */
export function backgroundTasks(onError: (error: unknown) => void) {
  const pending = new Set<Promise<void>>();
  return {
    run(task: () => Promise<void>): void {
      // setImmediate: not even the task's first query runs before the response is written.
      const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch(onError)
        .finally(() => pending.delete(done));
      pending.add(done);
    },

    /** Resolves once every task handed off so far (and any they hand off) has finished. */
    async settled(): Promise<void> {
      while (pending.size) await Promise.all(pending);
    },
  };
}
