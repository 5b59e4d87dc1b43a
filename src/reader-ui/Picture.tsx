import type { FC } from 'hono/jsx';
import { renderableUrl } from '../content/urls.js';
import { publicMediaUrl } from '../media/public-url.js';

type Candidate = { src: string; width: number };

/** A focal point as classes: 10% steps, so the site's stylesheet can crop to it without an inline style (the CSP allows none). */
export const focalClasses = (x: number | null, y: number | null) => `focal-x-${Math.round((x ?? 50) / 10) * 10} focal-y-${Math.round((y ?? 50) / 10) * 10}`;

/** An image as stored: its URL, size when known, and the same picture at other widths. */
export interface PictureImage {
  src: string;
  alt: string;
  width?: number | null;
  height?: number | null;
  /** WebP for uploads; any format for images from elsewhere. */
  sources?: Candidate[];
  avif?: Candidate[];
}

const srcset = (candidates: Candidate[] | undefined) => {
  const shown = candidates?.filter((c) => renderableUrl(c.src)) ?? [];
  return shown.length ? shown.map((c) => `${publicMediaUrl(c.src)} ${c.width}w`).join(', ') : undefined;
};

/**
 * One responsive image: AVIF for the browsers that read it, then WebP (or the stored sizes of
 * an image from elsewhere), `sizes` saying how wide it is drawn. Width and height are always
 * set, so the page keeps its place while it loads: the image's own, or `box` for an image of
 * unknown size (the stylesheet crops it to that shape). Only the page's largest picture is
 * `priority`: fetched first and never lazy; an `eager` one (small, but at the top of the page)
 * loads at once without jumping the queue; every other one waits until it is near the screen.
 */
export const Picture: FC<{
  image: PictureImage;
  sizes: string;
  box: { width: number; height: number };
  priority?: boolean;
  eager?: boolean;
  class?: string;
  imgClass?: string;
  /** Alt text other than the image's own: '' when the words beside it say the same. */
  alt?: string;
}> = ({ image, sizes, box, priority = false, eager = false, class: className, imgClass, alt }) => {
  const src = renderableUrl(image.src);
  if (!src) return null;
  const avif = srcset(image.avif);
  const others = srcset(image.sources);
  // Stored uploads are WebP; another format's sizes go on the img, where any browser takes them.
  const webp = others && image.sources!.every((c) => c.src.endsWith('.webp')) ? others : undefined;
  const [width, height] = image.width && image.height ? [image.width, image.height] : [box.width, box.height];
  return (
    <picture class={className}>
      {avif && <source type="image/avif" srcset={avif} sizes={sizes} />}
      {webp && <source type="image/webp" srcset={webp} sizes={sizes} />}
      <img
        class={imgClass}
        src={publicMediaUrl(src)}
        srcset={webp ? undefined : others}
        sizes={webp || !others ? undefined : sizes}
        alt={alt ?? image.alt}
        width={width}
        height={height}
        {...(priority ? { fetchpriority: 'high' } : eager ? {} : { loading: 'lazy', decoding: 'async' })}
      />
    </picture>
  );
};
