import { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerImport } from './import.js';
import { registerMigrate } from './migrate.js';
import { registerNewsletter } from './newsletter.js';
import { registerServe } from './serve.js';
import { registerTopics } from './topics.js';
import { registerUser } from './user.js';

const program = new Command()
  .name('broadsheet')
  .description('Broadsheet: a publishing platform for independent newsrooms.\nConfigured by environment: PORT, HOST, DATA_DIR, DATABASE_URL, SITE_URL, SMTP_URL, MAIL_FROM, SECRET_KEY.')
  .showHelpAfterError();

registerServe(program);
registerMigrate(program);
registerDemo(program);
registerUser(program);
registerImport(program);
registerTopics(program);
registerNewsletter(program);

await program.parseAsync();
