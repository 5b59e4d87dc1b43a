import type { DialectAdapter } from '../db/dialect.js';
import type { FullTextIndex } from './fulltext.js';
import { postgresFullText } from './fulltext-postgres.js';
import { sqliteFullText } from './fulltext-sqlite.js';

const engines: Record<DialectAdapter['name'], FullTextIndex> = { sqlite: sqliteFullText, postgres: postgresFullText };

/** The full-text engine of a database's dialect. */
export const fullTextFor = (dialect: DialectAdapter): FullTextIndex => engines[dialect.name];
