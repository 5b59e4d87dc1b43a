import type { FC } from 'hono/jsx';
import type { ArticleInput } from '../../content/article-input.js';
import { Field, Select } from '../components/Form.js';

/** A media-library image the lead-image field offers, with the words it was uploaded with. */
export interface MediaChoice {
  id: number;
  alt: string;
  caption: string;
  credit: string;
  /** A small file, for the panel's preview. */
  thumb: string;
}

/**
 * The lead image: a library image by number (the island adds "Choose from library" and
 * fills the words from it), its alt text, caption, credit and focal point. The focal point
 * is two numbers here; the island lets the editor click the spot on the preview instead.
 */
export const LeadImageField: FC<{ values: ArticleInput; media: MediaChoice[]; errors: Record<string, string> }> = ({ values: v, media, errors: e }) => {
  const chosen = media.find((m) => m.id === v.imageMediaId);
  const options = [{ value: '', label: 'No lead image' }, ...media.map((m) => ({ value: String(m.id), label: `#${m.id} ${m.alt}`.slice(0, 80) }))];
  return (
    <section class="writing-section lead-image" aria-labelledby="lead-image-heading" data-media={JSON.stringify(media)}>
      <h2 id="lead-image-heading" class="writing-section-title">
        Lead image
      </h2>
      <div class="lead-image-preview" id="lead-image-preview" data-focal-x={v.imageFocalX ?? 50} data-focal-y={v.imageFocalY ?? 50}>
        {chosen ? <img id="lead-image-thumb" src={chosen.thumb} alt="" /> : v.imageUrl ? <img id="lead-image-thumb" src={v.imageUrl} alt="" /> : null}
      </div>
      <Select
        id="f-imageMediaId"
        label="Image from the media library"
        name="imageMediaId"
        value={v.imageMediaId ? String(v.imageMediaId) : ''}
        options={options}
        hint="Upload new images in Media; the newest are listed here."
        error={e.imageMediaId}
      />
      <Field id="f-imageAlt" label="Lead image alt text" name="imageAlt" value={v.imageAlt} hint="Required with an image: what it shows, for people who cannot see it." error={e.imageAlt} />
      <Field id="f-imageCaption" label="Lead image caption" name="imageCaption" value={v.imageCaption} error={e.imageCaption} />
      <Field id="f-imageCredit" label="Lead image credit" name="imageCredit" value={v.imageCredit} error={e.imageCredit} />
      <fieldset class="lead-image-focal">
        <legend>Focal point (percent)</legend>
        <p class="hint" id="focal-hint">
          The part crops keep in view. With JavaScript, click the spot on the image.
        </p>
        <Field id="f-imageFocalX" label="From the left" name="imageFocalX" type="number" value={v.imageFocalX} error={e.imageFocalX} class="lead-image-focal-field" />
        <Field id="f-imageFocalY" label="From the top" name="imageFocalY" type="number" value={v.imageFocalY} error={e.imageFocalY} class="lead-image-focal-field" />
      </fieldset>
    </section>
  );
};
