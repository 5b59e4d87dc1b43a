import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { parseS3Url, type S3Location } from '../../src/media/s3-url.js';

/** A real S3-compatible server (s3rver) on a random local port, with one empty bucket. */
export interface TestS3 {
  /** S3_URL for it. */
  url: string;
  location: S3Location;
  /** Every object key in the bucket, sorted. */
  keys(): Promise<string[]>;
  /** Empties the bucket. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'broadsheet-media'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'broadsheet-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  // s3rver signs in with its own fixed key pair.
  const url = `s3://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}?https=false`;
  const location = parseS3Url(url) as S3Location;
  const client = new S3Client({ endpoint: location.endpoint, region: location.region, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const keys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort();
  return {
    url,
    location,
    keys,
    async clear() {
      const all = await keys();
      if (all.length) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: all.map((Key) => ({ Key })) } }));
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
