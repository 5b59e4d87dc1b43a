import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { reusedStatement } from './reused-statements.js';

describeEachDatabase('reused statements', (fixture) => {
  const sectionsNamed = (db: ReturnType<typeof fixture>['database']['db']) =>
    reusedStatement((order: 'asc' | 'desc', { from, to }: { from: string; to: string }) =>
      db.selectFrom('sections').select('slug').where('slug', '>=', from).where('slug', '<', to).orderBy('slug', order),
    );

  it('builds a statement once per shape and runs it with each call’s values', async () => {
    const { db } = fixture().database;
    for (const [slug, position] of [['arts', 1], ['books', 2], ['culture', 3]] as const) {
      await db.insertInto('sections').values({ slug, name: slug, description: '', position, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    }
    const statement = sectionsNamed(db);
    const slugs = async (order: 'asc' | 'desc', from: string, to: string) => (await db.executeQuery(statement(order, { from, to }))).rows.map((r) => r.slug);
    expect(await slugs('asc', 'a', 'c')).toEqual(['arts', 'books']);
    // The same shape, compiled once, with other values.
    expect(await slugs('asc', 'b', 'd')).toEqual(['books', 'culture']);
    expect(statement('asc', { from: 'a', to: 'b' }).sql).toBe(statement('asc', { from: 'x', to: 'y' }).sql);
    expect(await slugs('desc', 'a', 'z')).toEqual(['culture', 'books', 'arts']);
  });

  it('puts a slot for each item of a list, and compiles a list of another length apart', async () => {
    const { db } = fixture().database;
    const statement = reusedStatement((_: null, { slugs }: { slugs: string[] }) => db.selectFrom('sections').select('slug').where('slug', 'in', slugs).orderBy('slug'));
    const slugs = async (...wanted: string[]) => (await db.executeQuery(statement(null, { slugs: wanted }))).rows.map((r) => r.slug);
    expect(await slugs('books', 'arts')).toEqual(['arts', 'books']);
    expect(await slugs('culture', 'books')).toEqual(['books', 'culture']);
    expect(await slugs('culture', 'books', 'arts')).toEqual(['arts', 'books', 'culture']);
    expect(await slugs('culture')).toEqual(['culture']);
  });

  it('refuses a slot that did not become a parameter, rather than run without its value', () => {
    const { db } = fixture().database;
    const unbound = reusedStatement((_: null, { slug }: { slug: string }) => db.selectFrom('sections').select('id').$if(slug === 'never', (q) => q.where('slug', '=', slug)));
    expect(() => unbound(null, { slug: 'arts' })).toThrow('slug did not become parameters of the statement');
  });
});
