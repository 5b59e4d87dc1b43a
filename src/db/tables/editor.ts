import type { Generated } from 'kysely';

export interface ArticleAutosavesTable {
  article_id: number;
  user_id: number;
  /** The article version the autosaved edit started from. */
  base_version: number;
  /** JSON: the editable fields (content/articles.ts inputOf shape). */
  snapshot: string;
  saved_at: string;
}

export interface MediaTable {
  id: Generated<number>;
  /** Folder under DATA_DIR/media holding the resized files. */
  storage_key: string;
  original_name: string;
  mime: string;
  width: number;
  height: number;
  /** JSON: number[] of the widths written, smallest first. */
  widths: string;
  alt: string;
  caption: string;
  credit: string;
  user_id: number | null;
  created_at: string;
  /** The address an imported picture was fetched from (migration 028); null for uploads. */
  source_url: string | null;
}
