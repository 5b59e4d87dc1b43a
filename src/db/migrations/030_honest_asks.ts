import type { BroadsheetMigration } from '../migrator.js';

/**
 * Honest asks and newsletters for members. `ask_reminders`: a reader asked the ask to remind
 * them in a month; one row per address per month (`YYYY-MM` of asking), sent once when due.
 * `newsletters.audience`: who may sign up and receive it (everyone, registered readers or
 * members); `newsletter_issues.segment`: which of its subscribers one issue goes to (everyone,
 * members, free readers or lapsed members).
 */
export const honestAsks: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('ask_reminders'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('ask_reminders_once', ['email', 'month'])
      .execute();
    await db.schema.createIndex('ask_reminders_due').on('ask_reminders').columns(['sent_at', 'due_at']).execute();

    await db.schema.alterTable('newsletters').addColumn('audience', 'text', (c) => c.notNull().defaultTo('everyone')).execute();
    await db.schema.alterTable('newsletter_issues').addColumn('segment', 'text', (c) => c.notNull().defaultTo('everyone')).execute();
  },
};
