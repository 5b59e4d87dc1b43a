import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from './support/cli.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const seedPath = resolve(repoRoot, '../shared/seed/article.txt');
const fixtures = resolve(repoRoot, 'test/fixtures/importers');

const rows = (dataDir: string, sql: string) => {
  const db = new Database(join(dataDir, 'broadsheet.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

// Each case starts several CLI processes from the TypeScript sources; on a busy CI machine that takes a while.
describe('broadsheet import and topics suggest', { timeout: 120_000 }, () => {
  it('imports files of every format, printing each URL path and a summary; a second run updates', () => {
    const dataDir = tempDataDir();
    const files = [seedPath, join(fixtures, 'ghost-export.json'), join(fixtures, 'wordpress-export.xml'), join(fixtures, 'article-page.html')];
    // The fixtures' pictures are on made-up hosts: they stay at their addresses here (the next case fetches).
    const first = runCli(['import', '--keep-remote-images', ...files], { DATA_DIR: dataDir });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('created\t/world/2022/01/russias-hold-over-its-neighbours-keeps-deepening');
    expect(first.stdout).toContain('created\t/local-politics/2024/02/parking-charges-frozen');
    expect(first.stdout).toMatch(/skipped\titem 3 \(line \d+\) "council-chamber\.jpg": an attachment/);
    expect(first.stdout).toMatch(/^new section\t\/world "World"$/m);
    expect(first.stdout).toMatch(/Imported 4 files: 7 created, 0 updated, 4 skipped, \d+ new sections\.$/m);
    expect(rows(dataDir, 'select count(*) as n from articles')[0]!.n).toBe(7);

    const second = runCli(['import', '--keep-remote-images', ...files], { DATA_DIR: dataDir });
    expect(second.stdout).toMatch(/Imported 4 files: 0 created, 7 updated, 4 skipped\.$/m);
    expect(rows(dataDir, 'select count(*) as n from articles')[0]!.n).toBe(7);

    const topics = runCli(['topics', 'suggest', 'russias-hold-over-its-neighbours-keeps-deepening'], { DATA_DIR: dataDir });
    expect(topics.status).toBe(0);
    const names = topics.stdout.split('\n').map((l) => l.split('\t')[0]);
    for (const name of ['Russia', 'Kazakhstan', 'Vladimir Putin', 'Collective Security Treaty Organisation']) expect(names).toContain(name);
    // The import stored these as topics already, so they come back as existing ones.
    expect(topics.stdout).toMatch(/^Russia\tplace\texisting topic\t/m);
  });

  it('lists each picture it could not fetch with the reason, and imports the article without it; private addresses only with --allow-private-hosts', () => {
    const dataDir = tempDataDir();
    // Port 9 (discard) on this machine: nothing listens there.
    const picture = 'http://127.0.0.1:9/council-chamber.jpg';
    const wxr = join(dataDir, 'wordpress.xml');
    writeFileSync(wxr, readFileSync(join(fixtures, 'wordpress-export.xml'), 'utf8').replaceAll('https://valley-ledger.example/wp-content/uploads/2024/02/council-chamber.jpg', picture));
    const refused = runCli(['import', wxr], { DATA_DIR: dataDir });
    expect(refused.status).toBe(0);
    expect(refused.stdout).toMatch(
      /^image not fetched\thttp:\/\/127\.0\.0\.1:9\/council-chamber\.jpg: 127\.0\.0\.1 is a private address; importing from it needs --allow-private-hosts \(left out of wordpress\.xml: item 1 \(line \d+\) "Town council freezes parking charges for a second year"\)$/m,
    );
    expect(refused.stdout).toMatch(/Imported 1 file: 2 created, 0 updated, 3 skipped, \d+ new sections, 1 not fetched\.$/m);
    expect(rows(dataDir, "select image_url from articles where slug = 'parking-charges-frozen'")).toEqual([{ image_url: null }]);

    const allowed = runCli(['import', '--allow-private-hosts', wxr], { DATA_DIR: dataDir });
    expect(allowed.stdout).toContain(`image not fetched\t${picture}: could not connect (ECONNREFUSED)`);
    expect(allowed.stdout).toMatch(/Imported 1 file: 0 created, 2 updated, 3 skipped, 1 not fetched\.$/m);
  });

  it('refuses a file that is not an article with one line naming it, exit 1, and writes nothing', () => {
    const dataDir = tempDataDir();
    const bad = join(dataDir, 'menu.txt');
    writeFileSync(bad, 'Home\nSubscribe now\nSign in\n');
    const result = runCli(['import', seedPath, bad], { DATA_DIR: dataDir });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('broadsheet: menu.txt: not an article: no headline found');
    expect(result.stdout).toBe('');
    expect(rows(dataDir, 'select count(*) as n from articles')[0]!.n).toBe(0);

    const missing = runCli(['import', join(dataDir, 'nope.xml')], { DATA_DIR: dataDir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.xml: cannot be read \(ENOENT\)/);

    const unknown = runCli(['topics', 'suggest', 'no-such-article'], { DATA_DIR: dataDir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No article "no-such-article"');
  });

  it('refuses a file that does not look like a news page, naming what it lacked; --format forces a format, and the summary names the sections it made', () => {
    const dataDir = tempDataDir();
    const readme = join(fixtures, 'readme.md');
    const refused = runCli(['import', readme], { DATA_DIR: dataDir });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'broadsheet: readme.md: does not look like a news page: no printed date and no byline ("By …") found; to import it as page text anyway, name the format (--format page-text)',
    );
    expect(refused.stdout).toBe('');
    expect(rows(dataDir, 'select count(*) as n from articles')[0]!.n).toBe(0);
    expect(rows(dataDir, 'select count(*) as n from sections')[0]!.n).toBe(0);

    const asXml = runCli(['import', '--format', 'wxr', seedPath], { DATA_DIR: dataDir });
    expect(asXml.status).toBe(1);
    expect(asXml.stderr).toMatch(/^broadsheet: article\.txt: not well-formed XML at line 1: text before the root element/);
    const unknown = runCli(['import', '--format', 'docx', readme], { DATA_DIR: dataDir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/--format.*docx.*page-text, html, ghost, wxr/);

    const forced = runCli(['import', '--format', 'page-text', readme], { DATA_DIR: dataDir });
    expect(forced.stderr).toBe('');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/^created\t\/broadsheet\/\d{4}\/\d{2}\/sh$/m);
    expect(forced.stdout).toContain('new section\t/broadsheet "# Broadsheet"');
    expect(forced.stdout).toMatch(/Imported 1 file: 1 created, 0 updated, 0 skipped, 1 new section\.$/m);
    expect(rows(dataDir, 'select status from articles')).toEqual([{ status: 'draft' }]);
  });
});

