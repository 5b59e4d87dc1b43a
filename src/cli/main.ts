import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAnalytics } from './analytics.js';
import { registerApiKey } from './api-key.js';
import { registerBackup } from './backup.js';
import { registerDb } from './db.js';
import { registerDemo } from './demo.js';
import { environmentHelp } from './environment.js';
import { registerImport } from './import.js';
import { registerMembers } from './members.js';
import { registerMigrate } from './migrate.js';
import { registerNewsletter } from './newsletter.js';
import { registerServe } from './serve.js';
import { registerTopics } from './topics.js';
import { registerUser } from './user.js';
import { oneLineUsageErrors } from './usage-errors.js';

// The same relative path from src/cli and dist/cli.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('broadsheet')
  .description('Broadsheet: a publishing platform for independent newsrooms.')
  .version(version)
  .addHelpText('after', environmentHelp());

registerServe(program);
registerMigrate(program);
registerDb(program);
registerBackup(program);
registerDemo(program);
registerUser(program);
registerImport(program);
registerTopics(program);
registerNewsletter(program);
registerMembers(program);
registerApiKey(program);
registerAnalytics(program);
oneLineUsageErrors(program);

await program.parseAsync();
