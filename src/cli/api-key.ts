import { InvalidArgumentError, type Command } from 'commander';
import { roles } from '../accounts/users.js';
import { withRuntime } from './run.js';

/** The command line acts with an admin's rights: whoever can run it can open the database. */
const commandLine = { id: 0, role: 'admin' as const, author_id: null };

const keyId = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a key id (a number, see api-key list)');
  return Number(value);
};

export function registerApiKey(program: Command): void {
  const apiKey = program.command('api-key').description('keys for the Content API (?key=) and Admin API tokens (Authorization: Bearer)');
  apiKey
    .command('add')
    .description('make a Content API key (or, with --admin, an Admin API token) and print it; it is shown only this once')
    .requiredOption('--name <name>', 'what uses it, e.g. "Mobile app"')
    .option('--admin', 'make an Admin API token instead of a Content API key')
    .option('--role <role>', `the staff role an admin token acts with: one of ${roles.join(', ')}`)
    .action((opts: { name: string; admin?: boolean; role?: string }) =>
      withRuntime(async ({ services }) => {
        const { key, plaintext } = opts.admin
          ? await services.apiKeys.create(commandLine, { kind: 'admin', name: opts.name, role: (opts.role ?? '') as never })
          : await services.apiKeys.create(commandLine, { kind: 'content', name: opts.name });
        console.log(plaintext);
        const what = key.kind === 'admin' ? `Admin API token (${key.role}), send as "Authorization: Bearer …"` : 'Content API key, send as ?key=…';
        console.error(`Made ${what}: "${key.name}" (id ${key.id}). It is not stored and will not be shown again.`);
      }),
    );
  apiKey
    .command('list')
    .description('list keys: id, kind, role, first characters, name, last used, revoked')
    .action(() =>
      withRuntime(async ({ services }) => {
        for (const k of await services.apiKeys.list(commandLine)) {
          console.log([k.id, k.kind, k.role ?? '-', `${k.prefix}…`, k.name, k.lastUsedAt ? `used ${k.lastUsedAt}` : 'never used', k.revokedAt ? `revoked ${k.revokedAt}` : 'live'].join('\t'));
        }
      }),
    );
  apiKey
    .command('revoke')
    .description('stop a key working at once')
    .argument('<id>', 'the key id (see api-key list)', keyId)
    .action((id: number) =>
      withRuntime(async ({ services }) => {
        const key = await services.apiKeys.revoke(commandLine, id);
        console.log(`Revoked ${key.kind} key ${key.id} ("${key.name}").`);
      }),
    );
}
