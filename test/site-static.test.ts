import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createSqliteDatabase, type TestDatabase } from './support/databases.js';

describe('the reader stylesheet over the wire', () => {
  let db: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let css: Buffer;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build-site-css.mjs'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    css = readFileSync('public/static/site.css');
    db = await createSqliteDatabase();
    app = createApp({ services: db.services, config: { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('comes brotli-compressed to a browser that accepts br, and decodes to the built file', async () => {
    const res = await app.request('/static/site.css', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toContain('text/css');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.byteLength).toBeLessThan(css.byteLength / 3);
    expect(brotliDecompressSync(body).equals(css)).toBe(true);
  });

  it('comes gzipped to a browser that accepts only gzip, and as it is to one that accepts neither', async () => {
    const gzipped = await app.request('/static/site.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).equals(css)).toBe(true);
    const plain = await app.request('/static/site.css');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(css)).toBe(true);
  });
});
