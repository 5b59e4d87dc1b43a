import type { Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
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
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionLost: (error) => logger.warn({ err: error }, 'database connection lost; the pool reconnects'),
  });
  const applied = await migrateToLatest(database);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  return { config, services: createServices(database, { ...config, logger }), logger, close: () => database.close() };
}
