import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'broadsheet-config-'));

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: '', siteUrl: 'http://127.0.0.1:3000', timeZone: 'Europe/London', trustProxy: [] });
  });

  it('reads the trusted proxies as a list', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('generates SECRET_KEY into DATA_DIR once and keeps it', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).secretKey;
    expect(first).toHaveLength(64);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe(first);
    expect(loadConfig({ DATA_DIR: dir }).secretKey).toBe(first);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT: .*number/i],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//],
    [{ SITE_URL: 'not a url' }, /SITE_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE: must be an IANA time zone/],
    [{ SECRET_KEY: 'short' }, /SECRET_KEY: must be at least 32 characters/],
    [{ TRUST_PROXY: 'the load balancer' }, /TRUST_PROXY: must list proxy addresses or subnets/],
    [{ DATABASE_CONNECT_TIMEOUT: 'soon' }, /DATABASE_CONNECT_TIMEOUT/],
  ])('names the bad variable in %o', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });
});
