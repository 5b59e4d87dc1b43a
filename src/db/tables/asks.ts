import type { Generated } from 'kysely';

/** "Remind me later" from an honest ask (migration 030): one reminder per address per month. */
export interface AskRemindersTable {
  id: Generated<number>;
  email: string;
  /** `YYYY-MM` (site's zone) the reader asked in: asking again that month changes nothing. */
  month: string;
  due_at: string;
  sent_at: string | null;
  created_at: string;
}
