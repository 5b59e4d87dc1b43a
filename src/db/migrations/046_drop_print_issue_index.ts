import type { BroadsheetMigration } from '../migrator.js';

/**
 * Migration 001's index on an article's print issue is the leading column of migration 008's
 * (print issue, status, publication date), which serves every lookup the first did: the
 * issue's page, and the foreign key's check when an issue is deleted. Each article insert
 * kept both up to date, and an import writes a hundred thousand of them.
 */
export const dropPrintIssueIndex: BroadsheetMigration = {
  async up(db) {
    await db.schema.dropIndex('articles_print_issue').execute();
  },
};
