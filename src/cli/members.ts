import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NotFoundError } from '../errors.js';
import { withRuntime } from './run.js';

/** The command line acts with an admin's rights: whoever can run it can open the database. */
const commandLine = { id: 0, role: 'admin' as const, author_id: null, name: 'Command line' };

export function registerMembers(program: Command): void {
  const members = program.command('members').description("readers and members: import Ghost's members CSV");
  members
    .command('import')
    .description("import Ghost's members CSV (email, name, note, subscribed_to_emails, complimentary_plan, stripe_customer_id, created_at, labels): one reader per address, skipped lines named")
    .argument('<file>', 'the CSV Ghost exported (Members → Export)')
    .action((file: string) =>
      withRuntime(async ({ services }) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new NotFoundError(`cannot read ${file}`);
        }
        const summary = await services.memberAdmin.importGhost(commandLine, text);
        for (const s of summary.skipped) console.log(`skipped\tline ${s.line}: ${s.reason}`);
        console.log(`Imported ${file}: ${summary.created} created, ${summary.updated} updated, ${summary.skipped.length} skipped.`);
      }),
    );
}
