import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from './support/cli.js';

/** A loopback port nothing listens on: bound once by the OS, then closed. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** One line on stderr, naming the variable, and no stack trace. */
function expectOneLineNaming(result: { status: number | null; stderr: string }, line: RegExp) {
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(line);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

const rows = (dataDir: string, sql: string) => {
  const db = new Database(join(dataDir, 'broadsheet.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

// Each case starts several CLI processes from the TypeScript sources; on a busy CI machine that takes a while.
describe('broadsheet CLI', { timeout: 120_000 }, () => {
  it('lists every command in --help, and each command has its own --help', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'user']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    for (const command of [['serve'], ['migrate'], ['demo'], ['user', 'add']]) {
      const sub = runCli([...command, '--help']);
      expect(sub.status, command.join(' ')).toBe(0);
      expect(sub.stdout).toContain(`Usage: broadsheet ${command.join(' ')}`);
    }
  });

  it('prints its version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = runCli(['--version']);
    expect(result).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it.each([
    ['a misspelt command', ['serv'], "broadsheet: unknown command 'serv' (did you mean serve?); see broadsheet --help"],
    ['a misspelt subcommand', ['newsletter', 'sned'], "broadsheet: unknown command 'sned' (did you mean send?); see broadsheet newsletter --help"],
    [
      'a misspelt option',
      ['user', 'add', '--email', 'a@example.org', '--name', 'A', '--rloe', 'editor'],
      "broadsheet: unknown option '--rloe' (did you mean --role?); see broadsheet user add --help",
    ],
    ['an unknown option', ['migrate', '--zzz'], "broadsheet: unknown option '--zzz'; see broadsheet migrate --help"],
    ['an extra argument', ['migrate', 'x'.repeat(5000)], "broadsheet: too many arguments for 'migrate'. Expected 0 arguments but got 1; see broadsheet migrate --help"],
    ['an overlong command, cut short', ['x'.repeat(5000)], /^broadsheet: unknown command 'x{20,80}…'; see broadsheet --help$/],
  ])('answers %s with one line and a hint, not the whole help', (_, args, line) => {
    const result = runCli(args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(2);
    if (typeof line === 'string') expect(result.stderr).toBe(`${line}\n`);
    else expect(result.stderr.trim()).toMatch(line);
  });

  it("lists in --help every environment variable the README's configuration table lists", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.split('### Configuration')[1]!.split('\n### ')[0]!;
    const variables = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'DATA_DIR', 'DATABASE_URL', 'SECRET_KEY', 'TRUST_PROXY']));
    const help = runCli(['--help']).stdout;
    for (const variable of variables) expect(help, variable).toMatch(new RegExp(`^\\s+${variable}\\s`, 'm'));
  });

  it('stops on a bad environment variable with a line naming it, and creates nothing', () => {
    const dataDir = tempDataDir();
    const result = runCli(['migrate'], { DATA_DIR: dataDir, PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^broadsheet: Invalid configuration: PORT: /m);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(rows.bind(null, dataDir, 'select 1')).toThrow();
  });

  it('loads the demo magazine into an empty database once, and does nothing the second time', () => {
    const dataDir = tempDataDir();
    const first = runCli(['demo'], { DATA_DIR: dataDir });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/Loaded the demo site: \d+ articles/);
    const count = () => rows(dataDir, 'select count(*) as n from articles')[0]!.n as number;
    const loaded = count();
    expect(loaded).toBeGreaterThanOrEqual(40);
    expect(rows(dataDir, 'select count(*) as n from newsletters')[0]!.n).toBe(9);
    expect(rows(dataDir, "select count(*) as n from articles where sponsor is not null")[0]!.n).toBeGreaterThanOrEqual(3);
    expect(rows(dataDir, "select name from sections order by position").map((r) => r.name)).toContain('World');

    const second = runCli(['demo'], { DATA_DIR: dataDir });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('already has articles');
    expect(count()).toBe(loaded);
  });

  it('adds a user with an argon2id hash, and refuses a weak password naming the field', () => {
    const dataDir = tempDataDir();
    const added = runCli(['user', 'add', '--email', 'Editor@Example.org', '--name', 'Ed Itor', '--role', 'editor'], {
      DATA_DIR: dataDir,
      BROADSHEET_PASSWORD: 'a long enough passphrase',
    });
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('Created editor editor@example.org');
    const [user] = rows(dataDir, 'select email, role, password_hash from users');
    expect(user).toMatchObject({ email: 'editor@example.org', role: 'editor' });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);

    const weak = runCli(['user', 'add', '--email', 'b@example.org', '--name', 'B', '--password', 'short'], { DATA_DIR: dataDir });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('password: must be at least 12 characters');
    expect(rows(dataDir, 'select count(*) as n from users')[0]!.n).toBe(1);
  });

  describe('stops at start-up with one line when DATA_DIR cannot be used', () => {
    it.each([
      // Linux refuses new folders under /proc with ENOENT, on which Node's recursive mkdir used to loop for minutes.
      ['a folder under /proc', () => '/proc/broadsheet-nope/data', /^broadsheet: Invalid configuration: DATA_DIR: cannot create the folder \/proc\/broadsheet-nope \(/],
      ['a folder under /sys', () => '/sys/broadsheet-nope', /^broadsheet: Invalid configuration: DATA_DIR: cannot create the folder \/sys\/broadsheet-nope \((permission denied|read-only file system)/],
      ['/proc itself, which exists but takes no files', () => '/proc', /^broadsheet: Invalid configuration: DATA_DIR: cannot write in \/proc \(/],
      [
        'a file',
        () => {
          const file = join(tempDataDir(), 'notes.txt');
          writeFileSync(file, 'not a folder');
          return file;
        },
        /^broadsheet: Invalid configuration: DATA_DIR: .*notes\.txt is a file, not a folder$/,
      ],
      [
        'a folder inside a file',
        () => {
          const file = join(tempDataDir(), 'notes.txt');
          writeFileSync(file, 'not a folder');
          return join(file, 'data');
        },
        /^broadsheet: Invalid configuration: DATA_DIR: .*notes\.txt is a file, not a folder$/,
      ],
    ])('%s', (_, dataDir, line) => {
      expectOneLineNaming(runCli(['serve'], { DATA_DIR: dataDir(), PORT: '0' }), line);
    });
  });

  it('retries an unreachable PostgreSQL for a bounded time, saying so, then stops with one line', async () => {
    const port = await closedPort();
    const result = runCli(['serve'], {
      DATA_DIR: tempDataDir(),
      PORT: '0',
      DATABASE_URL: `postgres://broadsheet:sesame-password@127.0.0.1:${port}/news`,
      DATABASE_CONNECT_TIMEOUT: '1',
    });
    expect(result.stderr).toContain(`broadsheet: cannot connect to PostgreSQL at 127.0.0.1:${port} (connection refused); retrying for up to 1 s`);
    expectOneLineNaming(result, new RegExp(`^broadsheet: DATABASE_URL: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(connection refused\\); gave up after 1 s$`));
    expect(result.stderr).not.toContain('sesame');
  });
});
