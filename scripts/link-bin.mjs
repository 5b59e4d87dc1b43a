// `npx broadsheet` from the repo root runs node_modules/.bin/broadsheet. npm never
// links a project's own command there, and with a "bin" field npx 11 would instead
// try to reinstall the whole project into its cache, so the link is made here.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';

mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/broadsheet', { force: true });
symlinkSync('../../bin/broadsheet.js', 'node_modules/.bin/broadsheet');
chmodSync('bin/broadsheet.js', 0o755);
