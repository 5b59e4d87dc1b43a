import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { unionAll } from './union-all.js';

describeEachDatabase('unionAll', (fixture) => {
  it('runs the arms as one statement, each with its own order and limit, keeping every row', async () => {
    const { db } = fixture().database;
    for (const [slug, position] of [['a', 1], ['b', 2], ['c', 3]] as const) {
      await db.insertInto('sections').values({ slug, name: slug, description: '', position, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    }
    const newestTwo = db.selectFrom(db.selectFrom('sections').select('slug').orderBy('position', 'desc').limit(2).as('last')).selectAll();
    const first = db.selectFrom(db.selectFrom('sections').select('slug').orderBy('position').limit(1).as('first')).selectAll();
    const rows = await unionAll([newestTwo, first]).execute();
    expect(rows.map((r) => r.slug).sort()).toEqual(['a', 'b', 'c']);
    expect(() => unionAll([])).toThrow('at least one arm');
  });
});
