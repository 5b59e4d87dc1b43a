/**
 * Runs request handlers in arrival order, `concurrency` at a time, and hands the event loop
 * back after every `sliceMs` of work.
 *
 * Why: libuv accepts one new connection per event-loop turn. When every turn reads all the
 * ready keep-alive sockets and renders each of their requests on the spot, a saturated
 * server's turns last hundreds of milliseconds, newcomers wait in the kernel's accept queue
 * until their clients give up, and which request is answered next is luck. Queued here, a
 * turn costs one slice, new readers get in, and requests are answered in the order they came.
 *
 * @example const turns = fairTurns(); http.createServer((req, res) => turns(() => app(req, res)))
 */
export function fairTurns({ sliceMs = 5, concurrency = 4 }: { sliceMs?: number; concurrency?: number } = {}) {
  const queue: Array<() => Promise<unknown> | unknown> = [];
  let running = 0;
  let sliceEnd = 0;

  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function worker(): Promise<void> {
    while (queue.length) {
      if (performance.now() >= sliceEnd) {
        await nextTurn();
        sliceEnd = performance.now() + sliceMs;
        continue;
      }
      const job = queue.shift()!;
      // A handler answers its own errors; one that throws must not stop the queue.
      await Promise.resolve()
        .then(job)
        .catch(() => undefined);
    }
  }

  return function enqueue(job: () => Promise<unknown> | unknown): void {
    queue.push(job);
    if (running < concurrency) {
      running++;
      void worker().finally(() => running--);
    }
  };
}
