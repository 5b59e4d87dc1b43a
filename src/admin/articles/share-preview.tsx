import type { FC } from 'hono/jsx';
import type { ArticleInput } from '../../content/article-input.js';
import { shareDescription, shareTitle } from './share-text.js';


/**
 * How the article's link looks when shared: image, site, title, description. Drawn here
 * from the saved values; the writing-panel island redraws it as the fields change.
 */
export const SharePreview: FC<{ values: ArticleInput; imageSrc?: string; siteName: string; siteHost: string }> = ({ values, imageSrc, siteName, siteHost }) => (
  <figure class="share-card" id="share-preview" aria-labelledby="share-preview-label">
    <figcaption id="share-preview-label" class="share-card-label">
      Social share preview
    </figcaption>
    <div class="share-card-body">
      {imageSrc ? (
        <img class="share-card-image" id="share-preview-image" src={imageSrc} alt="" />
      ) : (
        <div class="share-card-image share-card-noimage" id="share-preview-image">
          No lead image
        </div>
      )}
      <p class="share-card-site">
        {siteHost} · {siteName}
      </p>
      <p class="share-card-title" id="share-preview-title">
        {shareTitle(values)}
      </p>
      <p class="share-card-description" id="share-preview-description">
        {shareDescription(values)}
      </p>
    </div>
  </figure>
);
