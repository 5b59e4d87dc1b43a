import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Bumped when the archive's layout changes; restore refuses a version it does not know. */
export const BACKUP_FORMAT_VERSION = 1;

const manifestSchema = z.object({
  format: z.literal('broadsheet-backup'),
  version: z.literal(BACKUP_FORMAT_VERSION),
  dialect: z.enum(['sqlite', 'postgres']),
  createdAt: z.string(),
  appVersion: z.string(),
  /** Every table's row count when the backup was taken (one snapshot with the database copy). */
  tables: z.record(z.string(), z.number().int().min(0)),
  media: z.object({ included: z.boolean(), files: z.number().int().min(0), bytes: z.number().int().min(0), note: z.string().optional() }),
  /** SHA-256 of every other entry in the archive, by entry name. */
  checksums: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});

/** What a backup archive says about itself, written as its last entry, manifest.json. */
export type Manifest = z.infer<typeof manifestSchema>;

export const MANIFEST_ENTRY = 'manifest.json';
export const DATABASE_ENTRY = { sqlite: 'database.sqlite', postgres: 'database.pgdump' } as const;
export const SECRET_ENTRY = 'secret.key';
export const MEDIA_PREFIX = 'media/';

/** The manifest's JSON, or undefined when it is not one this version can read. */
export function parseManifest(json: string): Manifest | undefined {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an entry name is one a backup writes: the database, the secret key, the manifest, or a
 * file under media/ with no `..` or absolute path, so that no archive can write outside its folder.
 */
export function isBackupEntry(name: string): boolean {
  if (name === MANIFEST_ENTRY || name === SECRET_ENTRY || name === DATABASE_ENTRY.sqlite || name === DATABASE_ENTRY.postgres) return true;
  if (!name.startsWith(MEDIA_PREFIX) || name.length === MEDIA_PREFIX.length) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..') && !name.includes('\\') && !name.includes('\0');
}

// The same relative path from src/operations and dist/operations.
export const appVersion = (): string => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
