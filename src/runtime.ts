import type { Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { openDatabase, waitForPostgres } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './logger.js';
import { createServices, type Services } from './services.js';

/** What every command needs: config, a migrated database, the services and a logger. */
export interface Runtime {
  config: Config;
  services: Services;
  logger: Logger;
  close(): Promise<void>;
}

/** Reads the environment, opens the database and brings its schema up to date. */
export async function openRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  if (config.databaseUrl) {
    await waitForPostgres(config.databaseUrl, { timeoutSeconds: config.databaseConnectTimeout, onRetry: (message) => console.error(`broadsheet: ${message}`) });
  }
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionLost: (error) => logger.warn({ err: error }, 'database connection lost; the pool reconnects'),
  });
  const applied = await migrateToLatest(database);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const services = createServices(database, { ...config, logger });
  services.events.onJournalError((error) => logger.warn({ err: error }, 'a change could not be recorded in the change feed; other processes may keep serving pages from before it'));
  const close = async () => {
    // A command exits right after its change: the other processes hear of it only once it is recorded.
    await services.events.recorded();
    await database.close();
  };
  return { config, services, logger, close };
}
