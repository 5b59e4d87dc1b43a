import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { parseS3Url } from './s3-url.js';

describe('S3_URL', () => {
  it('reads host, port, bucket, folder, percent-encoded key and secret, and the options', () => {
    expect(parseS3Url('s3://AKIA1:se%2Fcr%2Bet@minio.internal:9000/newsroom/media/library?https=false&region=eu-west-2')).toEqual({
      endpoint: 'http://minio.internal:9000',
      region: 'eu-west-2',
      bucket: 'newsroom',
      prefix: 'media/library/',
      accessKeyId: 'AKIA1',
      secretAccessKey: 'se/cr+et',
      forcePathStyle: true,
    });
    expect(parseS3Url('s3://k:s@s3.eu-west-1.amazonaws.com/meridian-media?style=virtual')).toMatchObject({
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      region: 'us-east-1',
      prefix: '',
      forcePathStyle: false,
    });
  });

  it.each([
    ['https://k:s@host/bucket', 'must start with s3://'],
    ['s3://host/bucket', 'must carry the access key and secret'],
    ['s3://k:s@host', 'must name a bucket'],
    ['s3://k:s@host/Bad_Bucket', 'must name a bucket'],
    ['s3://k:s@host/bucket?tls=no', 'unknown option "tls"'],
    ['s3://k:s@host/bucket?https=yes', 'https= must be true or false'],
    ['s3://k:s@host/bucket?style=dns', 'style= must be path or virtual'],
    ['s3://k:%E0%A4%A@host/bucket', 'not percent-encoded correctly'],
  ])('refuses %s, saying what is wrong', (url, message) => {
    expect(parseS3Url(url)).toEqual(expect.stringContaining(message));
  });

  it('stops start-up naming S3_URL or MEDIA_URL, never printing the secret', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-s3-config-'));
    expect(() => loadConfig({ DATA_DIR: dataDir, S3_URL: 's3://key:TopSecret@host' })).toThrow(/^Invalid configuration: S3_URL: must name a bucket/);
    expect(() => loadConfig({ DATA_DIR: dataDir, S3_URL: 's3://key:TopSecret@host' })).not.toThrow(/TopSecret/);
    expect(() => loadConfig({ DATA_DIR: dataDir, MEDIA_URL: 'http://cdn.example' })).toThrow(/MEDIA_URL: must be an https:\/\/ address/);
    const config = loadConfig({ DATA_DIR: dataDir, S3_URL: 's3://key:secret@host:9000/media', MEDIA_URL: 'https://cdn.example/media' });
    expect(config).toMatchObject({ s3: { bucket: 'media', endpoint: 'https://host:9000' }, mediaUrl: 'https://cdn.example/media' });
  });
});
