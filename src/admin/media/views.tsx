import type { FC } from 'hono/jsx';
import type { MediaItem, MediaPage, MediaUses } from '../../media/media-service.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button, LinkButton } from '../components/Button.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { Pager } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import { Field, FormError, FormErrors, PostForm, TextArea } from '../components/Form.js';
import { LocalTime } from '../components/LocalTime.js';

const STYLES = ['/static/newsroom-media.css'];

/** What a person typed into the text fields, given back when a save is refused. */
export interface MediaText {
  alt: string;
  caption: string;
  credit: string;
}

/** A refused form: the summary and each field's problem, worded for the person. */
export interface FormProblem {
  message: string;
  errors: Record<string, string>;
}

const fieldLabels: Record<string, string> = { file: 'The image', alt: 'Alt text', caption: 'Caption', credit: 'Credit' };

/** A ValidationError's issues as inline messages: "Alt text is required: …". */
export function problemOf(message: string, issues: Array<{ path: string; message: string }>): FormProblem {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path] ??= `${fieldLabels[issue.path] ?? issue.path} ${issue.message}`;
  return { message, errors };
}

const libraryHref = (q: string, page: number) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/admin/media?${query}` : '/admin/media';
};

/** The text fields shared by the upload form and an image's own page; `prefix` keeps their ids apart. */
const TextFields: FC<{ prefix: string; text?: MediaText; problem?: FormProblem; disabled?: boolean }> = ({ prefix, text, problem, disabled }) => (
  <>
    <Field
      id={`${prefix}-alt`}
      label="Alt text"
      name="alt"
      value={text?.alt}
      required
      disabled={disabled}
      maxlength={1000}
      hint="What the image shows, for people who cannot see it."
      error={problem?.errors.alt}
    />
    <TextArea id={`${prefix}-caption`} label="Caption" name="caption" value={text?.caption} rows={3} disabled={disabled} maxlength={2000} error={problem?.errors.caption} />
    <Field id={`${prefix}-credit`} label="Credit" name="credit" value={text?.credit} disabled={disabled} maxlength={500} hint="For example: Photo: A. Lens" error={problem?.errors.credit} />
  </>
);

const UploadPanel: FC<{ csrfToken: string; text?: MediaText; problem?: FormProblem }> = ({ csrfToken, text, problem }) => (
  <section class="panel media-upload" id="upload" aria-labelledby="upload-title">
    <h2 id="upload-title">Upload an image</h2>
    <FormErrors message={problem?.message} errors={problem?.errors} ids={{ file: 'm-file', alt: 'm-alt', caption: 'm-caption', credit: 'm-credit' }} />
    <PostForm action="/admin/media" csrfToken={csrfToken} enctype="multipart/form-data">
      <div class={`field${problem?.errors.file ? ' field-invalid' : ''}`}>
        <label for="m-file">Image file</label>
        <p class="hint" id="m-file-hint">
          JPEG, PNG, WebP or AVIF, up to 15 MB and 60 megapixels.
        </p>
        {problem?.errors.file && (
          <p class="field-error" id="m-file-error">
            <span class="visually-hidden">Error: </span>
            {problem.errors.file}
          </p>
        )}
        <input
          id="m-file"
          type="file"
          name="file"
          accept="image/jpeg,image/png,image/webp,image/avif"
          required
          aria-invalid={problem?.errors.file ? 'true' : undefined}
          aria-describedby={problem?.errors.file ? 'm-file-hint m-file-error' : 'm-file-hint'}
        />
      </div>
      <TextFields prefix="m" text={text} problem={problem} />
      <div class="button-row">
        <Button variant="primary">Upload</Button>
      </div>
    </PostForm>
  </section>
);

/** One thumbnail: the smallest stored file, its size set so the grid never jumps as images arrive. */
const MediaCard: FC<{ item: MediaItem }> = ({ item }) => (
  <li class="media-card">
    <a href={`/admin/media/${item.id}`} class="media-card-link">
      <img src={item.thumbnail.src} width={item.thumbnail.width} height={item.thumbnail.height} alt={item.alt} loading="lazy" decoding="async" class="media-thumb" />
      <span class="media-card-text">
        {item.caption ? <span class="media-card-caption">{item.caption}</span> : <span class="media-card-caption media-card-none">No caption</span>}
        {item.credit && <span class="media-card-credit">{item.credit}</span>}
      </span>
    </a>
  </li>
);

/** /admin/media: search, the grid of uploads newest first, and the upload form. */
export const MediaLibraryPage: FC<{ result: MediaPage; q: string; perPage: number; csrfToken: string; text?: MediaText; problem?: FormProblem }> = ({
  result,
  q,
  perPage,
  csrfToken,
  text,
  problem,
}) => (
  <AdminLayout
    title="Media"
    width="wide"
    styles={STYLES}
    actions={
      <LinkButton href="#upload" variant="primary">
        Upload an image
      </LinkButton>
    }
  >
    <div class="media-library">
      <div class="media-browse">
        <form method="get" action="/admin/media" role="search" class="filters media-search">
          <Field id="media-q" label="Search alt text and captions" name="q" value={q} type="search" class="field-grow" />
          <Button>Search</Button>
          {q && (
            <a href="/admin/media" class="btn btn-quiet">
              Clear
            </a>
          )}
        </form>
        <p class="meta media-count" id="media-count">
          {q ? `${result.total} ${result.total === 1 ? 'image matches' : 'images match'} “${q}”` : `${result.total} ${result.total === 1 ? 'image' : 'images'}`}
        </p>
        {result.items.length === 0 ? (
          q ? (
            <EmptyState title={`No image’s alt text or caption contains “${q}”`} action={<a href="/admin/media">Show every image</a>}>
              <p>Try a shorter word, or search for what the picture shows.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No images yet" action={<a href="#upload">Upload the first one</a>}>
              <p>Images uploaded here, or from the writing screen, appear in this library for every article to use.</p>
            </EmptyState>
          )
        ) : (
          <ul class="media-grid" aria-labelledby="media-count">
            {result.items.map((item) => (
              <MediaCard item={item} />
            ))}
          </ul>
        )}
        <Pager page={result.page} hasNext={result.hasNext} total={Math.ceil(result.total / perPage)} href={(page) => libraryHref(q, page)} label="Pages of images" />
      </div>
      <UploadPanel csrfToken={csrfToken} text={text} problem={problem} />
    </div>
  </AdminLayout>
);

const placeLabel = { body: 'In the body', lead: 'Lead image' } as const;
const statusLabel: Record<string, string> = { draft: 'Draft', in_review: 'In review', scheduled: 'Scheduled', published: 'Published', unpublished: 'Unpublished' };

const pageStatusLabel = { draft: 'Draft', published: 'Published' } as const;
const counted = (n: number, noun: string) => (n === 1 ? `and 1 ${noun} you cannot open` : `and ${n} ${noun}s you cannot open`);

const UsesPanel: FC<{ uses: MediaUses }> = ({ uses }) => (
  <section class="panel" aria-labelledby="uses-title">
    <h2 id="uses-title">Used in</h2>
    {uses.visible.length + uses.hidden + uses.pages.length + uses.hiddenPages === 0 ? (
      <p class="meta">No article or page uses this image.</p>
    ) : (
      <ul class="stack-list media-uses">
        {uses.pages.map((use) => (
          <li>
            <a href={`/admin/pages/${use.pageId}`}>{use.title}</a> <span class={`status status-${use.status}`}>{pageStatusLabel[use.status]}</span>{' '}
            <span class="meta">Page</span>
          </li>
        ))}
        {uses.visible.map((use) => (
          <li>
            <a href={`/admin/articles/${use.articleId}`}>{use.headline}</a>{' '}
            <span class={`status status-${use.status}`}>{statusLabel[use.status] ?? use.status}</span> <span class="meta">{placeLabel[use.place]}</span>
          </li>
        ))}
        {uses.hidden > 0 && <li class="meta">{counted(uses.hidden, 'article')}</li>}
        {uses.hiddenPages > 0 && <li class="meta">{counted(uses.hiddenPages, 'page')}</li>}
      </ul>
    )}
  </section>
);

/** /admin/media/:id: the image, its text to edit, the articles using it, and deletion when unused. */
export const MediaItemPage: FC<{
  item: MediaItem;
  uses: MediaUses;
  csrfToken: string;
  canEdit: boolean;
  canDelete: boolean;
  text?: MediaText;
  problem?: FormProblem;
  /** Why a deletion was refused. */
  deleteError?: string;
}> = ({ item, uses, csrfToken, canEdit, canDelete, text, problem, deleteError }) => {
  const inUse = uses.visible.length + uses.hidden + uses.pages.length + uses.hiddenPages > 0;
  const medium = item.sources.find((s) => s.width >= 640) ?? item.sources.at(-1)!;
  return (
    <AdminLayout title={item.alt.length > 80 ? `${item.alt.slice(0, 79)}…` : item.alt} width="wide" styles={STYLES} actions={<LinkButton href="/admin/media">All images</LinkButton>}>
      <div class="media-detail">
        <figure class="media-preview">
          <img
            src={medium.src}
            srcset={item.sources.map((s) => `${s.src} ${s.width}w`).join(', ')}
            sizes="(min-width: 960px) 40vw, 100vw"
            width={item.width}
            height={item.height}
            alt={item.alt}
          />
          <figcaption>
            <dl class="media-facts">
              <dt>Size</dt>
              <dd>
                {item.width} × {item.height} pixels
              </dd>
              <dt>Uploaded</dt>
              <dd>
                <LocalTime iso={item.createdAt} />
              </dd>
              <dt>Address</dt>
              <dd>
                <a href={item.src}>{item.src}</a>
              </dd>
            </dl>
          </figcaption>
        </figure>
        <div class="media-side">
          <section class="panel" aria-labelledby="details-title">
            <h2 id="details-title">Details</h2>
            <FormErrors message={problem?.message} errors={problem?.errors} ids={{ alt: 'd-alt', caption: 'd-caption', credit: 'd-credit' }} />
            {canEdit ? (
              <PostForm action={`/admin/media/${item.id}`} csrfToken={csrfToken}>
                <TextFields prefix="d" text={text ?? item} problem={problem} />
                <div class="button-row">
                  <Button variant="primary">Save</Button>
                </div>
              </PostForm>
            ) : (
              <>
                <p class="notice">Only the person who uploaded this image, or an editor, can change its text.</p>
                <TextFields prefix="d" text={item} disabled />
              </>
            )}
          </section>
          <UsesPanel uses={uses} />
          {canDelete && (
            <section class="panel" aria-labelledby="delete-title">
              <h2 id="delete-title">Delete</h2>
              <FormError message={deleteError} />
              {inUse ? (
                <p class="meta">This image cannot be deleted while articles or pages use it: take it out of them first.</p>
              ) : (
                <ConfirmForm action={`/admin/media/${item.id}/delete`} csrfToken={csrfToken} label="Delete image" question="Delete this image and its files? This cannot be undone." />
              )}
            </section>
          )}
        </div>
      </div>
    </AdminLayout>
  );
};
