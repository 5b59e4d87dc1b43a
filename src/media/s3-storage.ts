import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Location } from './s3-url.js';
import { contentTypeOf, IMMUTABLE, originalPath, renditionPath, type MediaStorage, type StoredFile } from './storage.js';

type Sdk = typeof import('@aws-sdk/client-s3');

/**
 * The media library in an S3-compatible bucket, through the official AWS SDK v3. The SDK is
 * loaded on the first call, so a process that never touches media (or a site without S3)
 * pays nothing for it at start-up. Renditions are written with their Content-Type and a
 * long Cache-Control, so a CDN in front of the bucket (MEDIA_URL) serves them as the app would.
 */
export function s3Storage(location: S3Location): MediaStorage {
  let connection: Promise<{ sdk: Sdk; client: S3Client }> | undefined;
  const connect = () =>
    (connection ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        endpoint: location.endpoint,
        region: location.region,
        forcePathStyle: location.forcePathStyle,
        credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey },
        // Checksums only where S3 demands them: several S3-compatible stores refuse the newer headers.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    })));
  const objectKey = (path: string) => `${location.prefix}${path}`;

  async function keysUnder(folder: string): Promise<string[]> {
    const { sdk, client } = await connect();
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: location.bucket, Prefix: objectKey(folder), ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  const storage: MediaStorage = {
    location: `s3://${new URL(location.endpoint).host}/${location.bucket}${location.prefix ? `/${location.prefix.replace(/\/$/, '')}` : ''}`,

    async saveUpload(key, upload) {
      const { sdk, client } = await connect();
      const put = (path: string, bytes: Uint8Array, cacheControl?: string) =>
        client.send(new sdk.PutObjectCommand({ Bucket: location.bucket, Key: objectKey(path), Body: bytes, ContentType: contentTypeOf(path), CacheControl: cacheControl }));
      try {
        await Promise.all([
          ...upload.renditions.map((file) => put(renditionPath(key, file.name), file.bytes, IMMUTABLE)),
          put(originalPath(key, upload.original.name), upload.original.bytes),
        ]);
      } catch (error) {
        await storage.removeUpload(key).catch(() => undefined);
        throw error;
      }
    },

    async open(key, name): Promise<StoredFile | undefined> {
      const { sdk, client } = await connect();
      try {
        const found = await client.send(new sdk.GetObjectCommand({ Bucket: location.bucket, Key: objectKey(renditionPath(key, name)) }));
        if (!found.Body) return undefined;
        return {
          body: found.Body.transformToWebStream() as ReadableStream<Uint8Array>,
          size: found.ContentLength ?? 0,
          contentType: contentTypeOf(name),
          etag: found.ETag ?? `"${key}-${name}"`,
          lastModified: found.LastModified ?? new Date(0),
        };
      } catch (error) {
        if (error instanceof sdk.NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw error;
      }
    },

    async removeUpload(key) {
      const keys = (await Promise.all([keysUnder(renditionPath(key, '')), keysUnder(originalPath(key, ''))])).flat();
      if (keys.length === 0) return;
      const { sdk, client } = await connect();
      const result = await client.send(new sdk.DeleteObjectsCommand({ Bucket: location.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
      if (result.Errors?.length) throw new Error(`the bucket kept ${result.Errors.length} of the upload's files (${result.Errors[0]!.Code ?? 'error'})`);
    },
  };
  return storage;
}
