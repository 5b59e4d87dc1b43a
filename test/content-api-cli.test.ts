import { describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from './support/cli.js';

// Each case starts CLI processes from the TypeScript sources; on a busy machine that takes a while.
describe('broadsheet api-key', { timeout: 300_000 }, () => {
  it('adds a Content API key and an Admin API token (each printed once), lists them and revokes one', () => {
    const env = { DATA_DIR: tempDataDir() };
    const content = runCli(['api-key', 'add', '--name', 'Mobile app'], env);
    expect(content.status).toBe(0);
    expect(content.stdout).toMatch(/^[0-9a-f]{26}\n$/);
    expect(content.stderr).toContain('Made Content API key, send as ?key=…: "Mobile app" (id 1). It is not stored and will not be shown again.');

    const admin = runCli(['api-key', 'add', '--name', 'Zapier', '--admin', '--role', 'editor'], env);
    expect(admin.status).toBe(0);
    expect(admin.stdout).toMatch(/^bsadm_[A-Za-z0-9_-]{43}\n$/);

    const listed = runCli(['api-key', 'list'], env);
    expect(listed.stdout.trim().split('\n')).toEqual([
      `2\tadmin\teditor\t${admin.stdout.slice(0, 12)}…\tZapier\tnever used\tlive`,
      `1\tcontent\t-\t${content.stdout.slice(0, 6)}…\tMobile app\tnever used\tlive`,
    ]);
    expect(listed.stdout).not.toContain(content.stdout.trim());

    expect(runCli(['api-key', 'revoke', '1'], env)).toMatchObject({ status: 0, stdout: 'Revoked content key 1 ("Mobile app").\n' });
    expect(runCli(['api-key', 'list'], env).stdout).toMatch(/^1\tcontent\t.*\trevoked 20\d\d-/m);
  });

  it('says in one line what is wrong: no role for an admin token, a revoked or unknown key, an id that is no number', () => {
    const env = { DATA_DIR: tempDataDir() };
    const noRole = runCli(['api-key', 'add', '--name', 'X', '--admin'], env);
    expect([noRole.status, noRole.stderr.trim()]).toEqual([1, 'broadsheet: Invalid API key: role: must be one of contributor, writer, editor, admin']);
    expect(runCli(['api-key', 'revoke', '7'], env).stderr.trim()).toBe('broadsheet: There is no API key 7');
    const notNumber = runCli(['api-key', 'revoke', 'abc'], env);
    expect(notNumber.status).toBe(1);
    expect(notNumber.stderr).toContain('must be a key id (a number, see api-key list)');
  });
});
