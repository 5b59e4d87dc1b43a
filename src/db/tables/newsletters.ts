import type { Generated } from 'kysely';

export interface NewslettersTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  /** Cron expression in `timezone`; null for lists with no schedule. */
  cadence_cron: string | null;
  cadence_label: string | null;
  timezone: string;
  /** JSON: the content rule (newsletters/rules). */
  rule: string;
  /** 1 for the marketing-consent list. */
  marketing: number;
  sender_name: string | null;
  reply_to: string | null;
  /** 1 when composed issues wait for an editor's approval before sending. */
  requires_approval: number;
  position: number;
  created_at: string;
}
