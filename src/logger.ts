import { pino, type Logger } from 'pino';

/** One JSON logger for the process; the level comes from LOG_LEVEL. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'broadsheet' } });
}
