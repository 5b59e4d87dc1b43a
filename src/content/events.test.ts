import { describe, expect, it } from 'vitest';
import { ContentEvents, type ChangeJournal, type ContentChange } from './events.js';

/** A journal that keeps what it is given, or fails when told to. */
function memoryJournal(fail = false) {
  const appends: Array<{ origin: string; changes: ContentChange[] }> = [];
  const journal: ChangeJournal = {
    async append(origin, changes) {
      if (fail) throw new Error('database is closed');
      appends.push({ origin, changes });
    },
  };
  return { journal, appends };
}

describe('ContentEvents', () => {
  it('announces a change at once and records a burst as one append, each thing once, with its origin', async () => {
    const { journal, appends } = memoryJournal();
    const events = new ContentEvents(journal);
    const heard: ContentChange[] = [];
    events.onChange((c) => heard.push(c));

    for (const id of [1, 2, 1]) events.emit({ entity: 'article', id });
    events.emit({ entity: 'topic', id: 1 });
    expect(heard).toHaveLength(4);
    await events.recorded();

    expect(appends).toEqual([
      {
        origin: events.origin,
        changes: [
          { entity: 'article', id: 1 },
          { entity: 'article', id: 2 },
          { entity: 'topic', id: 1 },
        ],
      },
    ]);
  });

  it('announces a delivered change from elsewhere without recording it again', async () => {
    const { journal, appends } = memoryJournal();
    const events = new ContentEvents(journal);
    const heard: ContentChange[] = [];
    events.onChange((c) => heard.push(c));
    events.deliver({ entity: 'section', id: 3 });
    await events.recorded();
    expect(heard).toEqual([{ entity: 'section', id: 3 }]);
    expect(appends).toEqual([]);
  });

  it('reports a failed recording to its listeners and keeps recording later changes', async () => {
    const failing = new ContentEvents(memoryJournal(true).journal);
    const errors: unknown[] = [];
    failing.onJournalError((e) => errors.push(e));
    failing.emit({ entity: 'article', id: 1 });
    await failing.recorded();
    expect(errors.map(String)).toEqual(['Error: database is closed']);

    const { journal, appends } = memoryJournal();
    const events = new ContentEvents(journal);
    events.emit({ entity: 'article', id: 1 });
    await events.recorded();
    events.emit({ entity: 'article', id: 2 });
    await events.recorded();
    expect(appends.map((a) => a.changes)).toEqual([[{ entity: 'article', id: 1 }], [{ entity: 'article', id: 2 }]]);
  });

  it('gives every instance its own origin', () => {
    expect(new ContentEvents().origin).not.toBe(new ContentEvents().origin);
  });
});
