import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchImage, isPrivateAddress } from './image-fetch.js';

/** The smallest PNG header sniffImageType accepts, padded. */
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const hops = /^\/hop\/(\d+)$/.exec(req.url!);
    if (hops) res.writeHead(302, { location: Number(hops[1]) > 0 ? `/hop/${Number(hops[1]) - 1}` : '/image.png' }).end();
    else if (req.url === '/image.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    else if (req.url === '/big.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.concat([png, Buffer.alloc(4096)]));
    else if (req.url === '/text.png') res.writeHead(200, { 'content-type': 'image/png' }).end('not a picture at all');
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('fetching an imported picture', () => {
  it('tells private, loopback and reserved addresses from public ones, IPv4 inside IPv6 included', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(address), address).toBe(false);
  });

  it('refuses what is not http(s), and private addresses unless they are allowed, before connecting', async () => {
    await expect(fetchImage('ftp://example.org/a.png', { maxBytes: 1000 })).rejects.toThrow('only http and https addresses are fetched, not ftp:');
    await expect(fetchImage(`${base}/image.png`, { maxBytes: 1000 })).rejects.toThrow('127.0.0.1 is a private address; importing from it needs --allow-private-hosts');
    await expect(fetchImage('http://[::1]:9/a.png', { maxBytes: 1000 })).rejects.toThrow('::1 is a private address');
    await expect(fetchImage('http://localhost:9/a.png', { maxBytes: 1000 })).rejects.toThrow(/^localhost is a private address/);
  });

  it('follows a few redirects, and stops at a size cap and at bytes that are not a picture', async () => {
    const allowed = { allowPrivateHosts: true, maxBytes: 1000 };
    expect(Buffer.from(await fetchImage(`${base}/hop/2`, allowed))).toEqual(png);
    await expect(fetchImage(`${base}/hop/3`, allowed)).rejects.toThrow('more than 3 redirects');
    await expect(fetchImage(`${base}/big.png`, allowed)).rejects.toThrow('larger than 1000 bytes');
    await expect(fetchImage(`${base}/text.png`, allowed)).rejects.toThrow('not a JPEG, PNG, WebP or AVIF image');
    await expect(fetchImage(`${base}/gone.png`, allowed)).rejects.toThrow('the server answered 404 Not Found');
  });
});
