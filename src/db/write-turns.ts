import type SQLite from 'better-sqlite3';

/** As long as SQLite's own busy timeout: past it the statement goes ahead and SQLite decides. */
const WAIT_MS = 5000;

const HELD = 0;
const SERVING_WAITING = 1;

/**
 * Turns at one SQLite file's write lock for the threads of one process: the server's thread and
 * the delivery thread. SQLite alone makes a writer that finds the lock taken sleep 1, 2, then
 * 5 ms and more before it looks again, so a publish that meets a delivery's write waited several
 * milliseconds for a lock held for a fraction of one. Here the waiting thread is woken the moment
 * the lock is given back, and the serving thread goes first: a background writer waits while it
 * waits. The turns only order writers that share them; SQLite's lock still guards the file from
 * every other process (the command line), and a thread that waits too long goes ahead anyway.
 */
export class WriteTurns {
  /** Shared with the other threads' connections to the same file (through workerData). */
  readonly buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;
  readonly #serving: boolean;
  #holding = false;

  constructor(options: { buffer?: SharedArrayBuffer; background?: boolean } = {}) {
    this.buffer = options.buffer ?? new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    this.#cells = new Int32Array(this.buffer);
    this.#serving = !options.background;
  }

  /** Blocks until this thread may write. */
  take(): void {
    if (this.#holding) return;
    const cells = this.#cells;
    // The server's writes nearly always find the lock free: one compare-and-swap, no bookkeeping.
    if (this.#serving && Atomics.compareExchange(cells, HELD, 0, 1) === 0) {
      this.#holding = true;
      return;
    }
    const deadline = performance.now() + WAIT_MS;
    const left = () => Math.max(0, deadline - performance.now());
    if (this.#serving) Atomics.add(cells, SERVING_WAITING, 1);
    else {
      for (let waiting; (waiting = Atomics.load(cells, SERVING_WAITING)) > 0 && left() > 0; ) Atomics.wait(cells, SERVING_WAITING, waiting, left());
    }
    try {
      while (Atomics.compareExchange(cells, HELD, 0, 1) !== 0) {
        if (Atomics.wait(cells, HELD, 1, left()) === 'timed-out') return;
      }
      this.#holding = true;
    } finally {
      if (this.#serving) {
        Atomics.sub(cells, SERVING_WAITING, 1);
        Atomics.notify(cells, SERVING_WAITING);
      }
    }
  }

  /** Gives the lock back, waking a thread that waits for it. */
  give(): void {
    if (!this.#holding) return;
    this.#holding = false;
    Atomics.store(this.#cells, HELD, 0);
    Atomics.notify(this.#cells, HELD);
  }
}

/**
 * Prepares statements that take their turn before they write: a write outside a transaction for
 * its own length, a transaction from BEGIN to COMMIT or ROLLBACK. Reads never wait.
 */
export function preparingInTurn(sqlite: SQLite.Database, turns: WriteTurns): (sql: string) => SQLite.Statement {
  return (sql) => {
    const statement = sqlite.prepare(sql);
    const command = sql.trimStart().slice(0, 8).toLowerCase();
    if (command.startsWith('begin')) return wrap(statement, () => turns.take(), (ok) => ok || turns.give());
    if (command.startsWith('commit') || command.startsWith('rollback') || command.startsWith('end')) {
      return wrap(statement, () => {}, () => sqlite.inTransaction || turns.give());
    }
    if (statement.readonly) return statement;
    return wrap(
      statement,
      () => sqlite.inTransaction || turns.take(),
      () => sqlite.inTransaction || turns.give(),
    );
  };
}

/** The statement with `before` and `after` around each run; `after` hears whether it succeeded. */
function wrap(statement: SQLite.Statement, before: () => unknown, after: (ok: boolean) => unknown): SQLite.Statement {
  const around =
    <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): R => {
      before();
      let ok = false;
      try {
        const result = run.apply(statement, args);
        ok = true;
        return result;
      } finally {
        after(ok);
      }
    };
  // better-sqlite3's methods refuse any `this` but their own statement, so no prototype tricks.
  return {
    reader: statement.reader,
    readonly: statement.readonly,
    source: statement.source,
    run: around(statement.run),
    all: around(statement.all),
    get: around(statement.get),
    iterate: statement.iterate.bind(statement),
  } as unknown as SQLite.Statement;
}
