import { BroadsheetError } from '../errors.js';
import type { Runtime } from '../runtime.js';

/**
 * Runs a command with an open runtime and closes it afterwards. An error a person
 * can fix prints one line naming it on stderr and exits 1; anything else prints
 * its stack and exits 2. The runtime (every service and the database drivers) is loaded
 * here, when a command runs, so that `--help` and usage errors answer without it.
 */
export async function withRuntime(work: (runtime: Runtime) => Promise<void>): Promise<void> {
  let runtime: Runtime | undefined;
  try {
    const { openRuntime } = await import('../runtime.js');
    runtime = await openRuntime();
    await work(runtime);
  } catch (error) {
    reportAndExit(error);
  } finally {
    await runtime?.close();
  }
}

export function reportAndExit(error: unknown): never {
  if (error instanceof BroadsheetError) {
    console.error(`broadsheet: ${error.message}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(2);
}
