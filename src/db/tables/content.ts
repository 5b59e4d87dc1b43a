import type { Generated } from 'kysely';

/**
 * Times are ISO 8601 UTC strings (`2026-01-07T09:00:00.000Z`) on both dialects:
 * they sort as text, compare in range queries and need no per-driver parsing.
 * Flags are integers 0/1 for the same reason. See docs/architecture/001.
 */
export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  position: number;
  created_at: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
  photo_url: string | null;
  created_at: string;
}

export interface TopicsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: string;
}

export interface PrintIssuesTable {
  id: Generated<number>;
  number: number;
  /** YYYY-MM-DD cover date. */
  issue_date: string;
  title: string;
  cover_url: string | null;
  created_at: string;
}

export interface ArticlesTable {
  id: Generated<number>;
  section_id: number;
  slug: string;
  /** 'YYYY/MM' of the article's URL: the month of first publication, or of creation until then. */
  url_month: string;
  headline: string;
  standfirst: string;
  /** JSON: Block[] (content/blocks.ts). */
  body: string;
  body_version: number;
  status: string;
  first_published_at: string | null;
  published_at: string | null;
  /** When a scheduled article goes live. */
  scheduled_for: string | null;
  updated_at: string;
  created_at: string;
  print_issue_id: number | null;
  /** Set only on partner content: the sponsor's name. */
  sponsor: string | null;
  /** Partner slot goes after this many paragraphs; null uses the site default. */
  partner_slot_after: number | null;
  seo_title: string | null;
  seo_description: string | null;
  image_url: string | null;
  /** The lead image's media-library item, when it came from there (016_lead_image). */
  image_media_id: Generated<number | null>;
  image_alt: Generated<string | null>;
  image_caption: Generated<string | null>;
  image_credit: Generated<string | null>;
  /** Focal point in percent from the left and top: what crops keep in view. */
  image_focal_x: Generated<number | null>;
  image_focal_y: Generated<number | null>;
  /** Who may read it: `free`, `registered` (metered) or `members` (026_access; src/access/access-level.ts). */
  access: Generated<string>;
  /** Optimistic lock: bumped on every save. */
  version: number;
  /** Plain text of `body` (content/blocks.ts bodyText), which the search index reads (004_search). */
  body_text: string;
  /** Where an imported article came from (importers/); null for articles written here. */
  import_key: Generated<string | null>;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
}

export interface ArticleTopicsTable {
  article_id: number;
  topic_id: number;
  position: number;
  /** 1 when proposed by topic suggestion and not yet reviewed by an editor. */
  suggested: number;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  /** JSON snapshot of the saved article (headline, standfirst, body, section, authors, topics…). */
  snapshot: string;
  created_at: string;
  user_id: number | null;
}

export interface RedirectsTable {
  id: Generated<number>;
  from_path: string;
  article_id: number;
  created_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  author_id: number | null;
  created_at: string;
}
