/** Clicks through one link of a sent newsletter issue (migration 039). */
export interface NewsletterLinkClicksTable {
  issue_id: number;
  /** The link's destination as the issue had it. */
  url: string;
  clicks: number;
}

/** The article a signup or payment started from (migration 039); null when not from one. */
export interface SourceArticleColumn {
  source_article_id: number | null;
}
