import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { literalLimits } from './literal-limits.js';

describe('literal limits', () => {
  it('writes LIMIT and OFFSET numbers into the text, in subqueries too, and renumbers the values left bound', () => {
    const text = 'select * from (select "id" from "articles" where "section_id" = $1 order by "id" desc limit $2) as "rail" where "status" = $3 limit $4 offset $5';
    expect(literalLimits(text, [3, 6, 'published', 20, 40])).toEqual([
      'select * from (select "id" from "articles" where "section_id" = $1 order by "id" desc limit 6) as "rail" where "status" = $2 limit 20 offset 40',
      [3, 'published'],
    ]);
  });

  it('leaves a statement alone when no limit is a whole number', () => {
    expect(literalLimits('select "id" from "t" where "a" = $1', ['x'])).toEqual(['select "id" from "t" where "a" = $1', ['x']]);
    expect(literalLimits('select "id" from "t" limit $1', ['6'])).toEqual(['select "id" from "t" limit $1', ['6']]);
    expect(literalLimits('select "id" from "t" limit $1', [2.5])).toEqual(['select "id" from "t" limit $1', [2.5]]);
  });
});

describe.skipIf(!postgresUrl)('literal limits [postgres]', () => {
  it('lets PostgreSQL plan a limited statement once and reuse the plan, where LIMIT $n had it planned on every run', async () => {
    const test = await createPostgresDatabase();
    try {
      const plans = await test.database.db.connection().execute(async (connection) => {
        // A table with statistics: on an empty one PostgreSQL cannot tell the plans apart either way.
        await sql`create temporary table numbered as select g as id, g % 50 as kind from generate_series(1, 20000) g`.execute(connection);
        await sql`create index on numbered (kind, id)`.execute(connection);
        await sql`analyze numbered`.execute(connection);
        for (const kind of [1, 2, 3, 1, 2, 3, 1, 2]) await sql`select id from numbered where kind = ${kind} order by id desc limit ${6}`.execute(connection);
        const { rows } = await sql<{ generic: number }>`select generic_plans as generic from pg_prepared_statements where statement like '%numbered%limit%'`.execute(connection);
        return rows;
      });
      expect(plans).toHaveLength(1);
      expect(Number(plans[0]!.generic)).toBeGreaterThan(0);
    } finally {
      await test.close();
    }
  });
});
