import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { environmentHelp } from '../src/cli/environment.js';
import { cacheKeyOf } from '../src/site/cache/http.js';

/** The deployment files (Dockerfile, compose.yaml, deploy/), checked as far as this machine can without Docker. */
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

interface ComposeService {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
  const { services } = compose;

  it('runs two app processes built from the Dockerfile, PostgreSQL and nginx', () => {
    expect(Object.keys(services).sort()).toEqual(['app1', 'app2', 'nginx', 'postgres']);
    for (const app of [services.app1!, services.app2!]) {
      expect(app.build).toBe('.');
      expect(app.volumes).toEqual(['data:/data']);
      expect(app.environment!.DATABASE_URL).toMatch(/^postgres:\/\/broadsheet:\$\{POSTGRES_PASSWORD:\?.+\}@postgres:5432\/broadsheet$/);
      expect(app.environment!.SECRET_KEY).toMatch(/^\$\{SECRET_KEY:\?/);
    }
    // The second starts once the first has migrated the database and answers /healthz.
    expect(services.app2!.depends_on).toEqual({ app1: { condition: 'service_healthy' } });
    expect(services.nginx!.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(Object.keys(compose.volumes).sort()).toEqual(['data', 'nginx-cache', 'postgres']);
  });

  it('sets only variables Broadsheet reads', () => {
    const known = new Set([...environmentHelp().matchAll(/^ {2}([A-Z_0-9]+) /gm)].map((m) => m[1]));
    expect(known.has('S3_URL') && known.has('MEDIA_URL')).toBe(true);
    expect(Object.keys(services.app1!.environment!).filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('deploy/nginx.conf', () => {
  const conf = read('deploy/nginx.conf');

  it("balances over compose's two app processes", () => {
    const upstream = /upstream broadsheet \{([^}]*)\}/.exec(conf)![1]!;
    expect([...upstream.matchAll(/server (\S+)/g)].map((m) => m[1])).toEqual(['app1:3000', 'app2:3000']);
  });

  it('sends to the app every query parameter its render cache leaves out of the key', () => {
    const names = /\(utm_\[a-z\]\+\|([a-z_|]+)\)=/.exec(conf)![1]!.split('|');
    expect(names).toEqual(['fbclid', 'gclid', 'mc_cid', 'mc_eid', 'gift']);
    for (const name of [...names, 'utm_source']) expect(cacheKeyOf('/world', `${name}=x`)).toBe('/world');
    expect(cacheKeyOf('/world', 'page=2')).toBe('/world?page=2');
  });

  it.skipIf(!has('nginx'))('passes nginx -t (with the upstream on this machine)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-nginx-'));
    writeFileSync(join(dir, 'broadsheet.conf'), conf.replace('app1:3000', '127.0.0.1:3001').replace('app2:3000', '127.0.0.1:3002').replace('/var/cache/nginx/broadsheet', join(dir, 'cache')));
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(dir, kind)};`).join(' ');
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; ${temp} include ${dir}/broadsheet.conf; }`,
    );
    const result = spawnSync('nginx', ['-t', '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    expect(result.stderr).toContain('test is successful');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds with the dev dependencies and runs node dist/main.js as a non-root user with /data as a volume and a /healthz check', () => {
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^node:20\S* AS build/);
    expect(stages[0]).toContain('npm run build');
    const run = stages[1]!;
    expect(run).toMatch(/^USER node$/m);
    expect(run).toContain('VOLUME ["/data"]');
    expect(run).toContain('DATA_DIR=/data');
    expect(run).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(run).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    // Everything the runtime stage copies exists in a built tree.
    for (const [, path] of run.matchAll(/^COPY --from=build \/app\/(\S+)/gm)) expect(existsSync(join(root, path!)), path).toBe(true);
  });
});

describe('deploy/broadsheet.service', () => {
  const unit = read('deploy/broadsheet.service');

  it('stops with SIGTERM and a timeout, restarts on failure, serves one port per instance', () => {
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)![1])).toBeGreaterThan(10);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^Environment=PORT=%i$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/broadsheet\/bin\/broadsheet\.js serve$/m);
  });

  it.skipIf(!has('systemd-analyze'))('passes systemd-analyze verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-unit-'));
    writeFileSync(join(dir, 'broadsheet@.service'), unit);
    const result = spawnSync('systemd-analyze', ['verify', join(dir, 'broadsheet@3001.service')], { encoding: 'utf8' });
    // Its complaints (an unknown directive, a bad value) go to stderr; a missing /usr/bin/node is this machine's business.
    expect(result.stderr.split('\n').filter((line) => line && !line.includes('/usr/bin/node'))).toEqual([]);
  });
});
