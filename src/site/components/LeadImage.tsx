import type { FC } from 'hono/jsx';
import type { LeadImage as LeadImageData } from '../../content/article-store.js';
import { renderableUrl } from '../../content/urls.js';

/** A focal point as classes: 10% steps, so the site's stylesheet can crop to it without an inline style (the CSP allows none). */
export const focalClasses = (x: number | null, y: number | null) => `focal-x-${Math.round((x ?? 50) / 10) * 10} focal-y-${Math.round((y ?? 50) / 10) * 10}`;

/** The article's lead image with its sizes, caption and credit; cropped around the focal point. */
export const LeadImage: FC<{ image: LeadImageData | null }> = ({ image }) => {
  const src = image && renderableUrl(image.src);
  if (!image || !src) return null;
  const srcset = image.sources.map((s) => `${s.src} ${s.width}w`).join(', ');
  return (
    <figure class="lead-image">
      <img
        class={`lead-image-crop ${focalClasses(image.focalX, image.focalY)}`}
        src={src}
        srcset={srcset || undefined}
        sizes={srcset ? '(min-width: 48rem) 46rem, 100vw' : undefined}
        alt={image.alt}
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
