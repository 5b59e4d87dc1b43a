import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { PLAN_EACH_TIME } from './prepared-statements.js';

describe.skipIf(!postgresUrl)('prepared statements [postgres]', () => {
  it('runs a query seen before as a named statement of its connection, and one seen once, a BEGIN, a query without values or one planned for its values as before', async () => {
    const test = await createPostgresDatabase();
    try {
      const statements = await test.database.db.connection().execute(async (connection) => {
        const bySlug = (slug: string) => connection.selectFrom('sections').where('slug', '=', slug).select('id').execute();
        await connection.selectFrom('sections').where('name', '=', 'only once').select('id').execute();
        await bySlug('world');
        await bySlug('politics');
        await bySlug('ideas');
        await sql`select count(*) from "sections"`.execute(connection);
        await sql`select count(*) from "sections"`.execute(connection);
        for (const slug of ['world', 'politics', 'ideas']) await sql`${sql.raw(PLAN_EACH_TIME)} select "id" from "sections" where "slug" = ${slug}`.execute(connection);
        const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'b\\_%' and statement like '%"sections"%' order by statement`.execute(connection);
        return rows.map((row) => row.statement);
      });
      expect(statements).toEqual(['select "id" from "sections" where "slug" = $1']);
    } finally {
      await test.close();
    }
  });
});
