import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { b, bodyText, type Body } from '../../content/blocks.js';
import { openDatabase } from '../connection.js';
import { contentTables } from './001_content.js';
import { importerColumns } from './002_importers.js';
import { searchIndex } from './004_search.js';

it('fills body_text of articles stored before it, as the article service writes it for every kind of block', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-004-'));
  const database = openDatabase({ databaseUrl: '', dataDir });
  const { dialect, close } = database;
  // The schema as it stood before migration 004, not today's DB type.
  const db = database.db as Kysely<any>;
  try {
    await contentTables.up(db, dialect);
    await importerColumns.up(db, dialect);
    const body: Body = [
      b.p('A paragraph.'),
      b.h2('A heading'),
      b.quote('A quote.', 'Someone'),
      b.pullquote('A pull quote.'),
      b.image('/media/u/x.webp', 'Alt text', 'A caption', 'A credit'),
      b.list(['One', 'Two']),
      { type: 'embed', url: 'https://video.example/1', title: 'An embed' },
      { type: 'note', kind: 'correction', date: '2026-01-07', text: 'A correction.' },
    ];
    const section = await db.insertInto('sections').values({ slug: 'world', name: 'World', created_at: '2026-01-07T09:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
    await db
      .insertInto('articles')
      .values({ headline: 'H', standfirst: '', slug: 'h', section_id: section.id, url_month: '2026/01', status: 'draft', body: JSON.stringify(body), body_version: 1, created_at: '2026-01-07T09:00:00.000Z', updated_at: '2026-01-07T09:00:00.000Z' })
      .execute();

    await searchIndex.up(db, dialect);

    const row = await db.selectFrom('articles').select('body_text').executeTakeFirstOrThrow();
    expect(row.body_text).toBe(bodyText(body));
    expect(row.body_text).toContain('A caption A credit');
  } finally {
    await close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
