import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { viewStore } from '../src/analytics/view-store.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createServices } from '../src/services.js';
import { runCli, tempDataDir } from './support/cli.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

describe('broadsheet analytics top', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the most-read articles of the last days with their views and visitors, and refuses a bad --days', async () => {
    const database = openDatabase({ databaseUrl: '', dataDir });
    await migrateToLatest(database);
    const services = createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir });
    await seedNewsroom(services);
    const read = await publishedArticle(services, { headline: 'Harbour strike ends' });
    const lessRead = await publishedArticle(services, { headline: 'Budget vote looms', section: 'politics' });
    const store = viewStore(database.db);
    const paths = await store.pathIds([
      { path: read.path, kind: 'article' },
      { path: lessRead.path, kind: 'article' },
    ]);
    const direct = (await store.sourceIds(['\0\0\0'])).get('\0\0\0')!;
    const now = Math.floor(Date.now() / 1000);
    const view = (path: string, visitor: number, secondsAgo = 60) => ({ at: now - secondsAgo, path_id: paths.get(path)!, source_id: direct, device: 0, visitor });
    await store.insertViews([
      view(read.path, 1),
      view(read.path, 1),
      view(read.path, 2),
      view(lessRead.path, 3),
      // Forty days ago: outside the last 7 days.
      ...Array.from({ length: 5 }, (_, i) => view(lessRead.path, 10 + i, 40 * 86_400)),
    ]);
    await database.close();

    const top = runCli(['analytics', 'top', '--days', '7'], { DATA_DIR: dataDir });
    expect(top.stderr).toBe('');
    expect(top.status).toBe(0);
    const lines = top.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Top articles, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(7 days\)$/);
    expect(lines[1]).toBe('views  visitors  article');
    expect(lines.slice(2)).toEqual([`    3         2  Harbour strike ends  ${read.path}`, `    1         1  Budget vote looms  ${lessRead.path}`]);

    const bad = runCli(['analytics', 'top', '--days', '0'], { DATA_DIR: dataDir });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^broadsheet: option '--days <n>' argument '0' is invalid\. must be a whole number from 1 to 3660; see broadsheet analytics top --help$/);
  });
});
