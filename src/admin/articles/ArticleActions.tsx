import type { FC } from 'hono/jsx';
import { LinkButton } from '../components/Button.js';

/** The page-header way back from an article's side pages (notes, revisions) to its editor and preview. */
export const BackToArticle: FC<{ articleId: number }> = ({ articleId }) => (
  <>
    <LinkButton href={`/admin/articles/${articleId}`}>Back to the editor</LinkButton>
    <LinkButton href={`/admin/articles/${articleId}/preview`} variant="quiet">
      Preview
    </LinkButton>
  </>
);
