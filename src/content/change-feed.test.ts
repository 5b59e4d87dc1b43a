import { describe, expect, it, vi } from 'vitest';
import { sqliteDataVersionSignal } from './change-feed.js';

describe('the SQLite change signal', () => {
  it('looks at once, then only once another connection has committed', async () => {
    let version = 7;
    let looks = 0;
    const signal = sqliteDataVersionSignal(
      {
        async sqliteDataVersion() {
          looks++;
          return version;
        },
      },
      1,
    );
    const abort = new AbortController();
    await signal.next(abort.signal);

    let woken = false;
    const next = signal.next(abort.signal).then(() => (woken = true));
    await vi.waitFor(() => expect(looks).toBeGreaterThan(3));
    expect(woken).toBe(false);
    version = 8;
    await next;
    expect(woken).toBe(true);
  });

  it('lets a waiting follower stop', async () => {
    const signal = sqliteDataVersionSignal({ sqliteDataVersion: async () => 1 }, 1);
    const abort = new AbortController();
    await signal.next(abort.signal);
    const waiting = signal.next(abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
