import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

export interface DatabaseMessageQueueOptions {
  /**
   * Who takes messages from the table. 'processes' (PostgreSQL): any number of processes, each
   * claiming rows by writing its lease on them, side by side with FOR UPDATE SKIP LOCKED.
   * 'one listener' (SQLite): one process serves the file and one listener in it takes the queue,
   * so a claim is remembered in memory and is only a read. A claim that wrote held the file's one
   * write lock several times a second, and an editor's publish queued behind it.
   */
  takenBy: 'processes' | 'one listener';
  /** How often a listener looks for messages enqueued by another process. */
  pollMs?: number;
  /** How long a claimed message is this worker's; after that (a crash) another worker takes it. */
  leaseMs?: number;
  /** Messages handled at once: deliveries wait on the network, not the processor. */
  concurrency?: number;
  /** When a handler throws, how long before the message is tried again. */
  retryMs?: number;
  /** Told of a handler's failure (the message is kept and retried). */
  onError?: (error: unknown) => void;
  now?: () => Date;
}

/** Rows per INSERT, far under either database's limit on bound parameters. */
const INSERT_CHUNK = 200;

/**
 * Fedify's message queue on Broadsheet's database: every incoming activity, fan-out and
 * delivery is a row until it is handled, so retries survive a restart. A worker claims due rows
 * (see `takenBy`), handles each and deletes it. On PostgreSQL the claim writes a lease on the rows
 * with SKIP LOCKED, and a worker that dies leaves its lease to run out; on SQLite a restart
 * finds the rows unclaimed. Two workers never hold the same row at once. Enqueuing in this
 * process wakes its listener at once; other processes' messages are found by polling.
 */
export class DatabaseMessageQueue implements MessageQueue {
  readonly #db: Kysely<DB>;
  readonly #options: Required<Omit<DatabaseMessageQueueOptions, 'onError'>> & Pick<DatabaseMessageQueueOptions, 'onError'>;
  readonly #wake = new EventEmitter().setMaxListeners(0);
  readonly #owner = `${process.pid}-${randomUUID()}`;
  /** 'one listener': the rows in hand, which a claim passes over. A restart forgets them, and they are claimed again. */
  readonly #inHand = new Set<number>();

  constructor(db: Kysely<DB>, options: DatabaseMessageQueueOptions) {
    this.#db = db;
    this.#options = { pollMs: 1000, leaseMs: 10 * 60_000, concurrency: 32, retryMs: 60_000, now: () => new Date(), ...options };
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.enqueueMany([message], options);
  }

  async enqueueMany(messages: unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const now = this.#options.now();
    const delay = Math.max(0, options?.delay?.total({ unit: 'millisecond' }) ?? 0);
    const at = now.toISOString();
    const availableAt = new Date(now.getTime() + delay).toISOString();
    for (let i = 0; i < messages.length; i += INSERT_CHUNK) {
      const rows = messages.slice(i, i + INSERT_CHUNK).map((m) => ({ message: JSON.stringify(m), available_at: availableAt, created_at: at }));
      await this.#db.insertInto('fediverse_queue').values(rows).execute();
    }
    if (delay === 0) this.#wake.emit('enqueued');
    else setTimeout(() => this.#wake.emit('enqueued'), delay).unref();
  }

  /** Handles due messages until `signal` aborts, then waits for those in hand. */
  async listen(handler: (message: any) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
    const { signal } = options;
    const { concurrency, pollMs } = this.#options;
    const inFlight = new Set<Promise<void>>();
    const done: number[] = [];
    let flushing: Promise<void> | undefined;
    const flush = () => {
      flushing ??= (async () => {
        while (done.length) {
          const ids = done.splice(0, done.length);
          await this.#db.deleteFrom('fediverse_queue').where('id', 'in', ids).execute().catch((error: unknown) => this.#options.onError?.(error));
          // Only now: until the rows are gone, a claim must pass over them.
          for (const id of ids) this.#inHand.delete(id);
        }
        flushing = undefined;
      })();
    };
    const run = async (row: { id: number; message: string }) => {
      try {
        await handler(JSON.parse(row.message));
        done.push(row.id);
        flush();
      } catch (error) {
        this.#options.onError?.(error);
        await this.#release(row.id).catch((e: unknown) => this.#options.onError?.(e));
        this.#inHand.delete(row.id);
      }
    };

    while (!signal?.aborted) {
      // Claim in batches: refilling one slot at a time would cost a write per message.
      if (inFlight.size > concurrency / 2) {
        await Promise.race(inFlight);
        continue;
      }
      let rows: Array<{ id: number; message: string }> = [];
      try {
        rows = await this.#claim(concurrency - inFlight.size);
      } catch (error) {
        this.#options.onError?.(error);
      }
      for (const row of rows) {
        const task: Promise<void> = run(row).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      if (rows.length) continue;
      // Nothing due: wait for a message enqueued here, a handler finishing, the next poll, or the end.
      const woken = new AbortController();
      const ended = signal ? AbortSignal.any([signal, woken.signal]) : woken.signal;
      await Promise.race([once(this.#wake, 'enqueued', { signal: ended }), sleep(pollMs, undefined, { signal: ended }), ...inFlight]).catch(() => {});
      woken.abort();
    }
    await Promise.all(inFlight);
    flush();
    await flushing;
  }

  /** Calls `listener` whenever this process enqueues messages that are due (the delivery thread is woken so). */
  onEnqueued(listener: () => void): () => void {
    this.#wake.on('enqueued', listener);
    return () => this.#wake.off('enqueued', listener);
  }

  /** Makes a waiting listener look for due messages now: another thread or process enqueued some. */
  wake(): void {
    this.#wake.emit('enqueued');
  }

  /** Messages waiting or in hand, for the newsroom and the tests. */
  async size(): Promise<number> {
    const row = await this.#db.selectFrom('fediverse_queue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async #claim(limit: number): Promise<Array<{ id: number; message: string }>> {
    const now = this.#options.now();
    const at = now.toISOString();
    if (this.#options.takenBy === 'one listener') {
      const rows = await this.#db
        .selectFrom('fediverse_queue')
        .select(['id', 'message'])
        .where('available_at', '<=', at)
        // One statement whatever the number in hand, so that it is prepared once.
        .where('id', 'not in', sql<number>`(select value from json_each(${JSON.stringify([...this.#inHand])}))`)
        .orderBy('available_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      for (const row of rows) this.#inHand.add(Number(row.id));
      return rows.map((r) => ({ id: Number(r.id), message: r.message }));
    }
    const due = this.#db
      .selectFrom('fediverse_queue')
      .select('id')
      .where('available_at', '<=', at)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
      .orderBy('available_at')
      .orderBy('id')
      .limit(limit);
    const rows = await this.#db
      .updateTable('fediverse_queue')
      .set({ lease_owner: this.#owner, lease_until: new Date(now.getTime() + this.#options.leaseMs).toISOString() })
      .where('id', 'in', due.forUpdate().skipLocked())
      .returning(['id', 'message'])
      .execute();
    return rows.map((r) => ({ id: Number(r.id), message: r.message })).sort((a, b) => a.id - b.id);
  }

  #release(id: number) {
    const retryAt = new Date(this.#options.now().getTime() + this.#options.retryMs).toISOString();
    const release = this.#db.updateTable('fediverse_queue').set({ lease_owner: null, lease_until: null, available_at: retryAt }).where('id', '=', id);
    return (this.#options.takenBy === 'one listener' ? release : release.where('lease_owner', '=', this.#owner)).execute();
  }
}
