import { join } from 'node:path';
import { filesystemStorage } from './filesystem-storage.js';
import { s3Storage } from './s3-storage.js';
import type { S3Location } from './s3-url.js';
import type { MediaStorage } from './storage.js';

/** The bucket when S3_URL is set, else DATA_DIR/media. */
export const mediaStorage = (config: { dataDir?: string; s3?: S3Location }): MediaStorage =>
  config.s3 ? s3Storage(config.s3) : filesystemStorage(join(config.dataDir ?? './data', 'media'));
