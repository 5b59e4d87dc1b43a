import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');

/** The source files under a folder of src/, tests left out (a test may compare a layer with what sits above it). */
function sourcesUnder(folder: string): string[] {
  return readdirSync(join(src, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => join(src, folder, f));
}

/** What a file imports from within src/, as paths from src/ ("site/components/Byline.js"), type-only imports included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(src, resolve(dirname(file), s))).filter((p) => !p.startsWith('..'));
}

/** Each import of a file under `folder` that reaches into one of `above`, as "file → import". */
function reachingUp(folder: string, above: string[]): string[] {
  return sourcesUnder(folder).flatMap((file) =>
    importsOf(file)
      .filter((p) => above.some((a) => p.startsWith(`${a}/`)))
      .map((p) => `${relative(src, file)} → ${p}`),
  );
}

describe('module layers', () => {
  it('keeps the reader UI kit beneath the features that draw reader pages', () => {
    expect(reachingUp('reader-ui', ['site', 'newsletters', 'search', 'readers'])).toEqual([]);
  });

  it('keeps the newsletters and search out of the site', () => {
    expect(reachingUp('newsletters', ['site', 'search'])).toEqual([]);
    expect(reachingUp('search', ['site', 'newsletters'])).toEqual([]);
  });

  it('keeps migrations to the data layer: they mean the same thing on a database migrated years later', () => {
    const outside = sourcesUnder('db/migrations').flatMap((file) => importsOf(file).filter((p) => !p.startsWith('db/')).map((p) => `${relative(src, file)} → ${p}`));
    expect(outside).toEqual([]);
  });
});
