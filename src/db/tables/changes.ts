import type { Generated } from 'kysely';
import type { ContentEntity } from '../../content/events.js';

/** One content change committed by some process (migration 015), read by the others. */
export interface ContentChangesTable {
  id: Generated<number>;
  entity: ContentEntity;
  entity_id: number;
  /** The services instance that made the change, so that it skips its own rows. */
  origin: string;
  /** When it was recorded (ISO); rows older than an hour are pruned. */
  at: string;
}
