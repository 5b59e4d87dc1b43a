import { z } from 'zod';

/** Who may read an article: everyone; readers within the meter (then registered ones); members. */
export const accessLevels = ['free', 'registered', 'members'] as const;
export type AccessLevel = (typeof accessLevels)[number];

export const accessLevelSchema = z.enum(accessLevels, { error: 'must be free, registered or members' });

/** How the writing screen names each level. */
export const accessLevelLabels: Record<AccessLevel, string> = {
  free: 'Free to everyone',
  registered: 'Metered: registered readers',
  members: 'Members only',
};

/** A stored value a later version no longer knows reads as the strictest level, never as free. */
export const asAccessLevel = (value: string): AccessLevel => ((accessLevels as readonly string[]).includes(value) ? (value as AccessLevel) : 'members');
