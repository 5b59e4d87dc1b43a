import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { VerificationError } from '../errors.js';
import { isBackupEntry, MANIFEST_ENTRY, parseManifest, type Manifest } from './backup-manifest.js';

/** A file to put in the archive under `name`. */
export interface ArchiveFile {
  name: string;
  path: string;
}

const compressed = (file: string) => /\.(gz|tgz)$/i.test(file);

/** Counts bytes and hashes them on their way through. */
function digester(): Transform & { sha256(): string } {
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return Object.assign(stream, { sha256: () => hash.digest('hex') });
}

/**
 * Writes `files` and then the manifest (with every file's SHA-256 filled in by the writing) into
 * one tar archive, gzipped when the name ends in .gz or .tgz. The archive is written beside its
 * name and renamed into place at the end, so a failed backup never leaves a file that looks whole.
 */
export async function writeArchive(file: string, files: AsyncIterable<ArchiveFile> | Iterable<ArchiveFile>, manifest: Omit<Manifest, 'checksums'>): Promise<Manifest> {
  const partial = `${file}.partial`;
  const pack = tar.pack();
  const output: Writable = createWriteStream(partial);
  const written = compressed(file) ? pipeline(pack, createGzip({ level: 6 }), output) : pipeline(pack, output);
  const checksums: Record<string, string> = {};
  try {
    for await (const f of files) {
      const { size, mtime } = statSync(f.path);
      const hash = digester();
      const entry = pack.entry({ name: f.name, size, mtime, mode: 0o600 });
      await pipeline(createReadStream(f.path), hash, entry);
      checksums[f.name] = hash.sha256();
    }
    const complete: Manifest = { ...manifest, checksums };
    pack.entry({ name: MANIFEST_ENTRY, mode: 0o600 }, JSON.stringify(complete, null, 2));
    pack.finalize();
    await written;
    await rename(partial, file);
    return complete;
  } catch (error) {
    pack.destroy();
    await written.catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}

/** The first bytes of gzip data. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Unpacks a backup into `folder` (which must be empty), checking every entry's name, that the
 * manifest comes last and is one this version reads, and every entry's SHA-256 against it. A damaged,
 * cut short or foreign file is refused with a VerificationError naming what is wrong.
 */
export async function unpackArchive(file: string, folder: string): Promise<Manifest> {
  const damaged = (why: string) => new VerificationError(`${file} is not a usable Broadsheet backup: ${why}`);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new VerificationError(`${file}: no such backup file`);
  }
  if (!stat.isFile()) throw new VerificationError(`${file} is not a file`);
  const extract = tar.extract();
  const source: Readable = createReadStream(file);
  const input = (await isGzip(file)) ? source.pipe(createGunzip()) : source;
  const reading = pipeline(input, new PassThrough(), extract).catch((error: Error) => {
    throw damaged(`it is cut short or not a tar archive (${error.message})`);
  });
  const checksums = new Map<string, string>();
  let manifest: Manifest | undefined;
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (manifest) throw damaged(`${name} follows the manifest`);
      if (entry.header.type !== 'file' || !isBackupEntry(name)) throw damaged(`it holds ${JSON.stringify(name)}, which no backup writes`);
      if (name === MANIFEST_ENTRY) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        manifest = parseManifest(Buffer.concat(chunks).toString('utf8'));
        if (!manifest) throw damaged('its manifest.json is not one this version of Broadsheet reads');
        continue;
      }
      const target = join(folder, name);
      mkdirSync(dirname(target), { recursive: true });
      const hash = digester();
      await pipeline(entry, hash, createWriteStream(target, { mode: 0o600 }));
      checksums.set(name, hash.sha256());
    }
    await reading;
  } catch (error) {
    extract.destroy();
    await reading.catch(() => {});
    if (error instanceof VerificationError) throw error;
    throw damaged(`it is cut short or not a tar archive (${(error as Error).message})`);
  }
  if (!manifest) throw damaged('it has no manifest.json (cut short, or not made by broadsheet backup)');
  for (const [name, expected] of Object.entries(manifest.checksums)) {
    const found = checksums.get(name);
    if (found === undefined) throw damaged(`${name} is missing`);
    if (found !== expected) throw damaged(`${name} does not match its checksum (the file is damaged)`);
  }
  for (const name of checksums.keys()) if (!(name in manifest.checksums)) throw damaged(`${name} is not listed in its manifest`);
  return manifest;
}
