import type { Block } from '../../content/blocks.js';
import { el, uniqueId } from './dom.js';
import type { MediaItem } from '../../media/media-service.js';

/**
 * The media picker: a modal dialog over the writing screen that searches the library, shows
 * thumbnails to choose from, and uploads a new image, then hands back the chosen image and the
 * body block that shows it. The editor's Image button and the lead-image field open it.
 *
 * @example const chosen = await openMediaPicker({ csrf }); if (chosen) insert(chosen.block);
 */

export type ImageBlock = Extract<Block, { type: 'image' }>;

/** One library image as GET /admin/media.json and POST /admin/media answer it (a type only: nothing of the server is bundled). */
export type MediaItemJson = MediaItem;

export interface MediaPickerChoice {
  item: MediaItemJson;
  block: ImageBlock;
}

export interface MediaPickerOptions {
  /** The session's CSRF token, sent with an upload. */
  csrf: string;
  /** The dialog's heading; "Choose an image" unless given. */
  title?: string;
}

interface LibraryPage {
  items: Array<MediaItemJson & { block: ImageBlock }>;
  total: number;
  page: number;
  hasNext: boolean;
}

const STYLESHEET = '/static/newsroom-media.css';
const SEARCH_PAUSE_MS = 250;

function ensureStylesheet(): void {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.append(el('link', { rel: 'stylesheet', href: STYLESHEET }));
}

/** A labelled input in the newsroom's field markup. */
function field(label: string, input: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
  input.id ||= uniqueId('mp-field');
  return el('div', { class: 'field' }, [el('label', { for: input.id }, [label]), input]);
}

/** Opens the picker; resolves with the chosen or uploaded image, or null when closed without one. */
export function openMediaPicker(options: MediaPickerOptions): Promise<MediaPickerChoice | null> {
  ensureStylesheet();
  const titleId = uniqueId('mp-title');
  const countId = uniqueId('mp-count');
  const dialog = el('dialog', { class: 'media-picker', 'aria-labelledby': titleId });
  const close = el('button', { type: 'button', class: 'btn btn-quiet btn-small' }, ['Close']);
  const query = el('input', { type: 'search', name: 'q', autocomplete: 'off', autofocus: true });
  const searchForm = el('form', { class: 'media-picker-search', role: 'search' }, [
    field('Search alt text and captions', query),
    el('button', { type: 'submit', class: 'btn btn-secondary' }, ['Search']),
  ]);
  const count = el('p', { class: 'meta', id: countId, role: 'status' }, ['Loading images…']);
  const grid = el('ul', { class: 'media-picker-grid', 'aria-labelledby': countId });
  const previous = el('button', { type: 'button', class: 'btn btn-secondary btn-small' }, ['← Previous']);
  const next = el('button', { type: 'button', class: 'btn btn-secondary btn-small' }, ['Next →']);
  const place = el('span', { class: 'meta' });
  const nav = el('div', { class: 'media-picker-nav' }, [previous, place, next]);

  const file = el('input', { type: 'file', name: 'file', accept: 'image/jpeg,image/png,image/webp,image/avif', required: true });
  const alt = el('input', { type: 'text', name: 'alt', required: true, maxlength: '1000' });
  const caption = el('textarea', { name: 'caption', rows: '2', maxlength: '2000' });
  const credit = el('input', { type: 'text', name: 'credit', maxlength: '500' });
  const uploadStatus = el('p', { class: 'field-error media-picker-status', role: 'alert' });
  const uploadForm = el('form', { class: 'media-picker-upload-form' }, [
    field('Image file (JPEG, PNG, WebP or AVIF, up to 15 MB)', file),
    field('Alt text (what the image shows, for people who cannot see it)', alt),
    field('Caption', caption),
    field('Credit', credit),
    uploadStatus,
    el('div', { class: 'button-row' }, [el('button', { type: 'submit', class: 'btn btn-primary' }, ['Upload and use'])]),
  ]);
  const upload = el('details', { class: 'media-picker-upload panel' }, [el('summary', {}, ['Upload a new image']), uploadForm]);

  dialog.append(
    el('div', { class: 'media-picker-inner' }, [
      el('div', { class: 'media-picker-head' }, [el('h2', { id: titleId }, [options.title ?? 'Choose an image']), close]),
      searchForm,
      count,
      grid,
      nav,
      upload,
    ]),
  );

  let chosen: MediaPickerChoice | null = null;
  let page = 1;
  let latest = 0;

  const finish = (choice: MediaPickerChoice | null) => {
    chosen = choice;
    dialog.close();
  };

  function thumbnail(entry: LibraryPage['items'][number]): HTMLElement {
    const { block, ...item } = entry;
    const img = el('img', {
      class: 'media-pick-thumb',
      src: item.thumbnail.src,
      width: String(item.thumbnail.width),
      height: String(item.thumbnail.height),
      alt: '',
      loading: 'lazy',
      decoding: 'async',
    });
    const button = el('button', { type: 'button', class: 'media-pick', title: item.caption || item.alt }, [img, el('span', { class: 'media-pick-label' }, [item.alt])]);
    button.addEventListener('click', () => finish({ item, block }));
    return el('li', {}, [button]);
  }

  /** Loads one page of results; an answer to an older request than the latest is dropped. */
  async function load(nextPage: number): Promise<void> {
    const ticket = ++latest;
    const params = new URLSearchParams({ q: query.value.trim(), page: String(nextPage) });
    count.textContent = 'Loading images…';
    try {
      const res = await fetch(`/admin/media.json?${params}`, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(res.statusText);
      const result = (await res.json()) as LibraryPage;
      if (ticket !== latest) return;
      page = result.page;
      const hadFocus = dialog.contains(document.activeElement) && (document.activeElement === previous || document.activeElement === next);
      grid.replaceChildren(...result.items.map(thumbnail));
      const q = query.value.trim();
      count.textContent =
        result.total === 0
          ? q
            ? `No image’s alt text or caption contains “${q}”.`
            : 'No images yet: upload one below.'
          : `${result.total} ${result.total === 1 ? 'image' : 'images'}${q ? ` ${result.total === 1 ? 'matches' : 'match'} “${q}”` : ''}`;
      previous.disabled = page <= 1;
      next.disabled = !result.hasNext;
      nav.hidden = page <= 1 && !result.hasNext;
      place.textContent = `Page ${page}`;
      // A pager button that has just become disabled would drop focus to the page behind.
      if (hadFocus && (document.activeElement as HTMLButtonElement | null)?.disabled) grid.querySelector('button')?.focus();
    } catch (error) {
      if (ticket === latest) count.textContent = `Images could not be loaded: ${(error as Error).message || 'try again'}`;
    }
  }

  let pause: ReturnType<typeof setTimeout> | undefined;
  query.addEventListener('input', () => {
    clearTimeout(pause);
    pause = setTimeout(() => void load(1), SEARCH_PAUSE_MS);
  });
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(pause);
    void load(1);
  });
  previous.addEventListener('click', () => void load(page - 1));
  next.addEventListener('click', () => void load(page + 1));
  close.addEventListener('click', () => finish(null));

  uploadForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    uploadStatus.textContent = '';
    const submit = uploadForm.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    try {
      const res = await fetch('/admin/media', { method: 'POST', body: new FormData(uploadForm), headers: { accept: 'application/json', 'x-csrf-token': options.csrf } });
      const answer = (await res.json().catch(() => ({ error: res.status === 413 ? 'The file is larger than 15 MB' : res.statusText }))) as Partial<MediaPickerChoice> & { error?: string };
      if (!res.ok || !answer.item || !answer.block) {
        uploadStatus.textContent = `Not uploaded: ${answer.error ?? res.statusText}`;
        return;
      }
      finish({ item: answer.item, block: answer.block });
    } catch (error) {
      uploadStatus.textContent = `Not uploaded: ${(error as Error).message}`;
    } finally {
      submit.disabled = false;
    }
  });

  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      clearTimeout(pause);
      dialog.remove();
      resolve(chosen);
    });
    document.body.append(dialog);
    dialog.showModal();
    void load(1);
  });
}
