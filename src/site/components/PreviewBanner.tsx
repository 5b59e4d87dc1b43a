import type { Child, FC } from 'hono/jsx';

/** Where a preview page's banner is styled; readers' pages never load it. */
export const PREVIEW_STYLESHEET = '/static/newsroom-preview.css';

/**
 * The band across the top of a preview: says plainly that this is not a published page
 * (and, if scheduled, when it will be), then whatever the viewer may do or read there.
 */
export const PreviewBanner: FC<{ status: string; detail?: Child; children?: Child }> = ({ status, detail, children }) => (
  <aside class="preview-banner" aria-labelledby="preview-banner-title">
    <p class="preview-banner-title" id="preview-banner-title">
      <strong>Preview: not published</strong>
      <span class="preview-banner-status">{status}</span>
    </p>
    {detail && <p class="preview-banner-detail">{detail}</p>}
    {children}
  </aside>
);
