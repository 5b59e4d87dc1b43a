import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { contentTypeOf, originalPath, renditionPath, type MediaStorage, type StoredFile } from './storage.js';

/**
 * The media library in a folder (DATA_DIR/media): one process's disk, as before S3. An upload's
 * files are written into staging folders and renamed into place, so a failure leaves nothing.
 */
export function filesystemStorage(dir: string): MediaStorage {
  const renditions = (key: string) => join(dir, dirname(renditionPath(key, 'x')));
  const originals = (key: string) => join(dir, dirname(originalPath(key, 'x')));

  return {
    location: dir,

    async saveUpload(key, upload) {
      const staging = join(dir, `.incoming-${key}`);
      const stagingOriginal = join(dir, `.incoming-original-${key}`);
      try {
        await mkdir(staging, { recursive: true });
        await mkdir(stagingOriginal, { recursive: true });
        for (const file of upload.renditions) await writeFile(join(staging, file.name), file.bytes);
        await writeFile(join(stagingOriginal, upload.original.name), upload.original.bytes);
        await mkdir(dirname(renditions(key)), { recursive: true });
        await mkdir(dirname(originals(key)), { recursive: true });
        await rename(stagingOriginal, originals(key));
        await rename(staging, renditions(key));
      } catch (error) {
        await Promise.all([staging, stagingOriginal, renditions(key), originals(key)].map((path) => rm(path, { recursive: true, force: true })));
        throw error;
      }
    },

    async open(key, name): Promise<StoredFile | undefined> {
      const path = join(dir, renditionPath(key, name));
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      return {
        body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
        size: info.size,
        contentType: contentTypeOf(name),
        etag: `"${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`,
        lastModified: info.mtime,
      };
    },

    async removeUpload(key) {
      await Promise.all([renditions(key), originals(key)].map((path) => rm(path, { recursive: true, force: true })));
    },
  };
}
