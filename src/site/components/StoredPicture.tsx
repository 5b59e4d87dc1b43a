import type { FC } from 'hono/jsx';
import { renderableUrl } from '../../content/urls.js';
import { publicMediaUrl } from '../../media/public-url.js';
import { uploadedPicture, type UploadedPictures } from '../../reader-ui/uploaded-pictures.js';
import { Picture } from '../../reader-ui/Picture.js';

/** When a picture loads: `priority` for the page's largest, `eager` for a small one at the top, `lazy` for the rest. */
export type PictureLoading = 'priority' | 'eager' | 'lazy';

/**
 * A writer's photo or a print cover, which the newsroom gives as a URL: through Picture, with
 * every AVIF and WebP rendition in its srcset, when that URL is one of an upload's files; a
 * plain img otherwise. Drawn at `box`'s size either way (the stylesheet crops to its shape).
 */
export const StoredPicture: FC<{
  url: string | null | undefined;
  alt: string;
  pictures: UploadedPictures | undefined;
  box: { width: number; height: number };
  sizes: string;
  imgClass: string;
  loading?: PictureLoading;
}> = ({ url, alt, pictures, box, sizes, imgClass, loading = 'lazy' }) => {
  const src = renderableUrl(url);
  if (!src) return null;
  const upload = uploadedPicture(pictures, src);
  if (upload) {
    // The box's size, not the upload's: the page keeps the shape it was designed with.
    const image = { src, alt, sources: upload.sources, avif: upload.avif };
    return <Picture class="picture-frame" imgClass={imgClass} image={image} sizes={sizes} box={box} priority={loading === 'priority'} eager={loading === 'eager'} />;
  }
  const load = loading === 'priority' ? ({ fetchpriority: 'high' } as const) : loading === 'eager' ? {} : ({ loading: 'lazy', decoding: 'async' } as const);
  return <img class={imgClass} src={publicMediaUrl(src)} alt={alt} width={box.width} height={box.height} {...load} />;
};
