import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { ImportFormat } from '../importers/model.js';
import { withRuntime } from './run.js';

/** Imports smaller than this finish before a bar would be worth drawing. */
const BAR_FROM = 200;

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import articles: news page text, HTML pages, Ghost JSON exports, WordPress WXR exports (format detected per file)')
    .argument('<files...>', 'files to import; each is all or nothing, and a bad one stops the import')
    .addOption(
      new Option('--format <format>', 'read every file as this format instead of detecting it (page text is then imported even without a date or byline)').choices([
        'page-text',
        'html',
        'ghost',
        'wxr',
      ]),
    )
    .option('--keep-remote-images', 'leave lead and body images at their old addresses instead of fetching them into the media library')
    .option('--allow-private-hosts', 'also fetch images from loopback and private network addresses (an old site on the newsroom\'s own network)')
    .action((files: string[], { format, keepRemoteImages, allowPrivateHosts }: { format?: ImportFormat; keepRemoteImages?: boolean; allowPrivateHosts?: boolean }) =>
      withRuntime(async ({ services }) => {
        const docs = await Promise.all(
          files.map(async (file) => {
            try {
              return { name: basename(file), content: await readFile(file, 'utf8') };
            } catch (error) {
              throw new ValidationError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
            }
          }),
        );
        let bar: SingleBar | undefined;
        // Loaded here, not at the top: the parsers of four formats are no other command's business.
        const { importDocuments } = await import('../importers/index.js');
        const summary = await importDocuments(services, docs, {
          format,
          keepRemoteImages,
          allowPrivateHosts,
          onProgress(done, total) {
            if (!bar && total >= BAR_FROM) {
              bar = new SingleBar({ format: 'importing [{bar}] {percentage}% {value}/{total} articles', hideCursor: true, stream: process.stderr });
              bar.start(total, 0);
            }
            bar?.setTotal(total);
            bar?.update(done);
          },
        }).finally(() => bar?.stop());
        for (const a of summary.articles) console.log(`${a.status}\t${a.path}`);
        for (const s of summary.skipped) console.log(`skipped\t${s.name}: ${s.reason}`);
        for (const s of summary.sectionsCreated) console.log(`new section\t/${s.slug} "${s.name}"`);
        for (const f of summary.imageFailures) console.log(`image not fetched\t${f.url}: ${f.reason} (left out of ${f.articles.join(', ')})`);
        const sections = summary.sectionsCreated.length;
        console.log(
          `Imported ${files.length} file${files.length === 1 ? '' : 's'}: ${summary.created} created, ${summary.updated} updated, ${summary.skipped.length} skipped` +
            `${sections ? `, ${sections} new section${sections === 1 ? '' : 's'}` : ''}` +
            `${summary.imagesFetched ? `, ${summary.imagesFetched} image${summary.imagesFetched === 1 ? '' : 's'} fetched` : ''}` +
            `${summary.imageFailures.length ? `, ${summary.imageFailures.length} not fetched` : ''}` +
            gatedNote(summary.gated) +
            '.',
        );
      }),
    );
}

/** How many imported articles the source kept from some readers, and for whom: `, 3 gated (2 for registered readers, 1 for members)`. */
function gatedNote({ registered, members }: { registered: number; members: number }): string {
  if (!registered && !members) return '';
  const parts = [registered ? `${registered} for registered readers` : '', members ? `${members} for members` : ''].filter(Boolean);
  return `, ${registered + members} gated (${parts.join(', ')})`;
}
