import type { Command } from 'commander';
import { roles } from '../accounts/users.js';
import { withRuntime } from './run.js';

export function registerUser(program: Command): void {
  const user = program.command('user').description('manage newsroom accounts');
  user
    .command('add')
    .description('create an account; the first one is usually an admin')
    .requiredOption('--email <email>', 'sign-in email address')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', `one of ${roles.join(', ')}`, 'admin')
    .option('--password <password>', 'at least 12 characters (default: read BROADSHEET_PASSWORD)')
    .action((opts: { email: string; name: string; role: string; password?: string }) =>
      withRuntime(async ({ services }) => {
        const password = opts.password ?? process.env.BROADSHEET_PASSWORD ?? '';
        const created = await services.users.add({ email: opts.email, name: opts.name, role: opts.role as never, password });
        console.log(`Created ${created.role} ${created.email} (id ${created.id}).`);
      }),
    );
  user
    .command('list')
    .description('list accounts')
    .action(() =>
      withRuntime(async ({ services }) => {
        for (const u of await services.users.list()) console.log(`${u.id}\t${u.role}\t${u.email}\t${u.name}`);
      }),
    );
}
