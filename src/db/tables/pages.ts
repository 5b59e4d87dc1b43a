import type { Generated } from 'kysely';

/** A standing page of the site, at `/{slug}` (migration 023). */
export interface PagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  standfirst: Generated<string>;
  /** The articles' block JSON (content/blocks.ts). */
  body: Generated<string>;
  status: Generated<'draft' | 'published'>;
  created_at: string;
  updated_at: string;
  /** When it was first published (UTC ISO); null while it never was. */
  published_at: string | null;
}
