/** One article's use of one uploaded image (migration 017), kept by triggers on `articles`. */
export interface MediaUsesTable {
  media_id: number;
  article_id: number;
  /** 'body' (an image block or link in the body) or 'lead' (the feature image). */
  place: string;
}
