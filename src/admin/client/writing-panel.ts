import { shareDescription, shareTitle } from '../articles/share-text.js';
import { el } from './dom.js';
import { openMediaPicker, type MediaItemJson } from './media-picker.js';

/**
 * The writing screen's settings panel island: the social-share card follows the headline,
 * standfirst, SEO fields and lead image as they change; the lead image is chosen from the
 * media library's picker; and its focal point is set by clicking the spot on the image. Each
 * writes the panel's plain fields (image number, words, focal percentages), which stay the
 * way to do all of it without JavaScript.
 */

/** A library image as the lead-image section lists it (lead-image-field.tsx MediaChoice). */
interface MediaChoice {
  id: number;
  alt: string;
  caption: string;
  credit: string;
  thumb: string;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
const valueOf = (id: string) => byId<HTMLInputElement>(id)?.value.trim() ?? '';

/** Tells the form (autosave) that a field changed by script, as typing would. */
const touched = (field: HTMLElement) => field.dispatchEvent(new Event('input', { bubbles: true }));

function startSharePreview(): { showImage(src: string | undefined): void; focus(x: number, y: number): void } {
  const title = byId('share-preview-title');
  const description = byId('share-preview-description');
  let image = byId('share-preview-image');
  const redraw = () => {
    const values = { headline: valueOf('f-headline'), standfirst: valueOf('f-standfirst'), seoTitle: valueOf('f-seoTitle'), seoDescription: valueOf('f-seoDescription') };
    if (title) title.textContent = shareTitle(values);
    if (description) description.textContent = shareDescription(values);
  };
  for (const id of ['f-headline', 'f-standfirst', 'f-seoTitle', 'f-seoDescription']) byId(id)?.addEventListener('input', redraw);
  let focal = '50% 50%';
  return {
    showImage(src) {
      if (!image) return;
      const next = src
        ? el('img', { class: 'share-card-image', id: 'share-preview-image', src, alt: '' })
        : el('div', { class: 'share-card-image share-card-noimage', id: 'share-preview-image' }, ['No lead image']);
      next.style.objectPosition = focal;
      image.replaceWith(next);
      image = next;
    },
    focus(x, y) {
      // The card crops as the reader pages do, around the focal point; CSSOM, which the CSP allows.
      focal = `${x}% ${y}%`;
      if (image) image.style.objectPosition = focal;
    },
  };
}

/** A share-card-sized file of a library image: the smallest source at least 640 px wide. */
const shareSource = (item: MediaItemJson) => [...item.sources].sort((a, b) => a.width - b.width).find((s) => s.width >= 640)?.src ?? item.src;

function startLeadImage(share: ReturnType<typeof startSharePreview>, csrf: string): void {
  const section = document.querySelector<HTMLElement>('.lead-image');
  const preview = byId('lead-image-preview');
  const select = byId<HTMLSelectElement>('f-imageMediaId');
  const focalX = byId<HTMLInputElement>('f-imageFocalX');
  const focalY = byId<HTMLInputElement>('f-imageFocalY');
  if (!section || !preview || !select || !focalX || !focalY) return;
  const media = JSON.parse(section.dataset.media ?? '[]') as MediaChoice[];
  const marker = el('span', { class: 'lead-image-marker', 'aria-hidden': 'true' });
  const status = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  preview.after(status);

  const percent = (field: HTMLInputElement, fallback: string | undefined) => {
    const n = Number(field.value === '' ? (fallback ?? 50) : field.value);
    return Number.isFinite(n) ? Math.min(100, Math.max(0, Math.round(n))) : 50;
  };
  const placeMarker = () => {
    const x = percent(focalX, preview.dataset.focalX);
    const y = percent(focalY, preview.dataset.focalY);
    marker.style.left = `${x}%`;
    marker.style.top = `${y}%`;
    share.focus(x, y);
  };

  const onImageClick = (event: MouseEvent): void => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const x = Math.min(100, Math.max(0, Math.round(((event.clientX - box.left) / box.width) * 100)));
    const y = Math.min(100, Math.max(0, Math.round(((event.clientY - box.top) / box.height) * 100)));
    focalX.value = String(x);
    focalY.value = String(y);
    touched(focalX);
    placeMarker();
    status.textContent = `Focal point set to ${x}% from the left, ${y}% from the top.`;
  };

  /** Shows `src` in the panel (or nothing), with the marker over it. */
  const showPreview = (src: string | undefined): void => {
    let img = byId<HTMLImageElement>('lead-image-thumb');
    if (!src) {
      img?.remove();
      marker.remove();
      return;
    }
    if (!img) {
      img = el('img', { id: 'lead-image-thumb', alt: '' });
      img.addEventListener('click', onImageClick);
      preview.prepend(img);
    }
    img.src = src;
    preview.append(marker);
    placeMarker();
  };

  type Words = { alt: string; caption: string; credit: string };
  const wordFields = [['f-imageAlt', 'alt'], ['f-imageCaption', 'caption'], ['f-imageCredit', 'credit']] as const;
  /** The library's words for the image now shown, so that a field still holding them is known to be untouched. */
  let shownWords: Words | undefined = media.find((m) => String(m.id) === select.value);

  /**
   * Fills the new image's words where the editor has written none of their own: an empty
   * field, or one still holding the previous image's words (which would now describe the wrong picture).
   */
  function fillWords(words: Words): void {
    for (const [id, key] of wordFields) {
      const field = byId<HTMLInputElement>(id);
      if (!field) continue;
      const current = field.value.trim();
      if (current && current !== shownWords?.[key]) continue;
      field.value = words[key];
      touched(field);
    }
    shownWords = words;
  }

  byId<HTMLImageElement>('lead-image-thumb')?.addEventListener('click', onImageClick);
  if (byId('lead-image-thumb')) preview.append(marker);
  placeMarker();
  focalX.addEventListener('input', placeMarker);
  focalY.addEventListener('input', placeMarker);

  select.addEventListener('change', () => {
    const choice = media.find((m) => String(m.id) === select.value);
    showPreview(choice?.thumb);
    share.showImage(choice?.thumb);
    if (choice) fillWords(choice);
  });

  const choose = el('button', { type: 'button', class: 'btn btn-secondary lead-image-choose' }, ['Choose from library']);
  preview.after(choose);
  choose.addEventListener('click', async () => {
    const picked = await openMediaPicker({ csrf, title: 'Choose the lead image' });
    choose.focus();
    if (!picked) return;
    const { item } = picked;
    let option = [...select.options].find((o) => o.value === String(item.id));
    if (!option) {
      option = el('option', { value: String(item.id) }, [`#${item.id} ${item.alt}`.slice(0, 80)]);
      select.append(option);
    }
    select.value = String(item.id);
    touched(select);
    showPreview(item.thumbnail.src);
    share.showImage(shareSource(item));
    fillWords(item);
    status.textContent = `Lead image chosen: ${item.alt}.`;
  });
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('#article-form');
  if (!form) return;
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  startLeadImage(startSharePreview(), csrf);
}

start();
