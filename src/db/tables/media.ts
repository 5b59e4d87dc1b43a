/** One article's use of one uploaded image (migration 017), kept by triggers on `articles`. */
export interface MediaUsesTable {
  media_id: number;
  article_id: number;
  /** 'body' (an image block or link in the body) or 'lead' (the feature image). */
  place: string;
}

/** One standing page's use of one uploaded image in its body (migration 027), kept by triggers on `pages`. */
export interface PageMediaUsesTable {
  media_id: number;
  page_id: number;
}
