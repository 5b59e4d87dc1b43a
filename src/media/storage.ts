/**
 * Where the media library keeps its files: a folder (DATA_DIR/media) or an S3 bucket. An
 * upload is one key holding its renditions (`u/<key>/<width>.<format>`, public) and the
 * original as sent (`originals/<key>/original.<ext>`, never served, kept so that new widths
 * or formats can be made later). Paths are the same in both, so a bucket can be filled from
 * a folder with any copying tool.
 */
export interface MediaStorage {
  /** Where the files go, for start-up lines: a folder, or s3://host/bucket. */
  readonly location: string;
  /** Stores every file of one upload, or none of them. */
  saveUpload(key: string, upload: { renditions: MediaFile[]; original: MediaFile }): Promise<void>;
  /** One public rendition, streamed; undefined when there is no such file. */
  open(key: string, name: string): Promise<StoredFile | undefined>;
  /** Deletes every file of an upload; a key with no files is no error. */
  removeUpload(key: string): Promise<void>;
}

export interface MediaFile {
  /** `640.webp`, `original.jpg`. */
  name: string;
  bytes: Uint8Array;
}

export interface StoredFile {
  body: ReadableStream<Uint8Array>;
  size: number;
  contentType: string;
  /** A quoted entity tag. */
  etag: string;
  lastModified: Date;
}

const TYPES: Record<string, string> = { webp: 'image/webp', avif: 'image/avif', jpg: 'image/jpeg', png: 'image/png' };

/** The Content-Type of a stored file, from its extension. */
export const contentTypeOf = (name: string): string => TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** The original's file name for a sniffed type. */
export const originalName = (mime: string): string => `original.${Object.entries(TYPES).find(([, type]) => type === mime)?.[0] ?? 'bin'}`;

/** Renditions never change once written (a new upload gets a new key), so every cache may keep them for good. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The object paths of an upload, relative to the storage's root. */
export const renditionPath = (key: string, name: string) => `u/${key}/${name}`;
export const originalPath = (key: string, name: string) => `originals/${key}/${name}`;
