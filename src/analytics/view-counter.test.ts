import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { SaltStore } from './salt-store.js';
import { viewCounter } from './view-counter.js';
import type { StoredView, ViewStore } from './view-store.js';

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A store whose database is down until `up` is set. */
function flakyStore() {
  const written: StoredView[] = [];
  const state = { up: false };
  const guard = () => {
    if (!state.up) throw new Error('connection refused');
  };
  const store: ViewStore = {
    pathIds: async (paths) => (guard(), new Map(paths.map((p, i) => [p.path, i + 1]))),
    sourceIds: async (keys) => (guard(), new Map(keys.map((k, i) => [k, i + 1]))),
    insertRows: async (rows) => {
      guard();
      for (let i = 0; i < rows.length; i += 5) written.push({ at: rows[i]!, path_id: rows[i + 1]!, source_id: rows[i + 2]!, device: rows[i + 3]!, visitor: rows[i + 4]! });
    },
    insertViews: async () => {
      throw new Error('the counter writes rows');
    },
  };
  const salts: SaltStore = { saltOf: async () => (guard(), 'salt'), destroyBefore: async () => {} };
  return { store, salts, state, written };
}

function request(path: string, at: number): [IncomingMessage, ServerResponse] {
  const res = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as ServerResponse;
  const req = { method: 'GET', url: path, headers: { 'user-agent': firefox, 'x-seq': String(at) }, socket: { remoteAddress: '203.0.113.9' } } as unknown as IncomingMessage;
  return [req, res];
}

describe('view counter', () => {
  it('keeps views in memory while the database is down, at most maxPending (the oldest dropped), and writes them once it is back', async () => {
    const { store, salts, state, written } = flakyStore();
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as never;
    let clock = Date.parse('2026-12-03T09:00:00Z');
    const counter = viewCounter({ store, salts, timeZone: 'Europe/London', trustProxy: [], logger, now: () => new Date(clock), maxPending: 3 });
    const view = (path: string) => {
      const [req, res] = request(path, clock);
      counter.observe(req, res);
      res.emit('finish');
      clock += 1000;
    };
    view('/world/2026/12/one');
    view('/world/2026/12/two');
    expect(await counter.flush()).toBe(0);
    expect(counter.pendingCount).toBe(2);
    view('/world/2026/12/three');
    view('/world/2026/12/four');
    expect(counter.pendingCount).toBe(3);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    state.up = true;
    expect(await counter.flush()).toBe(3);
    expect(counter.pendingCount).toBe(0);
    // The oldest view went; the three newest were written, in order.
    const start = Date.parse('2026-12-03T09:00:00Z') / 1000;
    expect(written.map((v) => v.at)).toEqual([start + 1, start + 2, start + 3]);
  });
});
