import type { FC } from 'hono/jsx';
import type { LeadImage as LeadImageData } from '../../content/article-store.js';
import { renderableUrl } from '../../content/urls.js';
import { focalClasses, Picture } from '../../reader-ui/Picture.js';

/**
 * The article's lead image with its caption and credit, cropped around the focal point. It is
 * the page's largest picture: fetched first, never lazy.
 */
export const LeadImage: FC<{ image: LeadImageData | null }> = ({ image }) => {
  if (!image || !renderableUrl(image.src)) return null;
  return (
    <figure class="lead-image">
      <Picture
        imgClass={`lead-image-crop ${focalClasses(image.focalX, image.focalY)}`}
        image={image}
        sizes="(min-width: 48rem) 46rem, 100vw"
        box={{ width: 1200, height: 800 }}
        priority
      />
      {(image.caption || image.credit) && (
        <figcaption>
          {image.caption}
          {image.credit && <span class="credit"> {image.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
};
