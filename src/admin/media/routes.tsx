import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { FC } from 'hono/jsx';
import { ValidationError } from '../../errors.js';
import { MAX_UPLOAD_BYTES, type MediaItem } from '../../media/media-service.js';
import type { Services } from '../../services.js';
import { AdminShell } from '../articles/AdminShell.js';
import { Csrf, Field, FormError } from '../components/Form.js';
import type { AdminEnv } from '../articles/routes.js';

const MediaPage: FC<{ items: MediaItem[]; csrfToken: string; error?: string }> = ({ items, csrfToken, error }) => (
  <AdminShell title="Images">
    <FormError message={error} />
    <form method="post" action="/admin/media" enctype="multipart/form-data">
      <Csrf token={csrfToken} />
      <p>
        <label for="m-file">Image (JPEG, PNG, WebP or AVIF, up to 15 MB)</label>
        <br />
        <input id="m-file" type="file" name="file" accept="image/jpeg,image/png,image/webp,image/avif" required />
      </p>
      <Field id="m-alt" label="Alt text" name="alt" required />
      <Field id="m-caption" label="Caption" name="caption" />
      <Field id="m-credit" label="Credit" name="credit" />
      <p>
        <button type="submit">Upload</button>
      </p>
    </form>
    <ul class="media-list">
      {items.map((m) => (
        <li>
          <img src={m.sources[0]!.src} alt={m.alt} width={160} />
          <span>
            #{m.id} {m.caption} {m.credit}
          </span>
        </li>
      ))}
    </ul>
  </AdminShell>
);

/** Image uploads for the newsroom: a page with a form, and JSON for the editor island. */
export function mediaAdminRoutes(services: Services) {
  const app = new Hono<AdminEnv>();
  const wantsJson = (accept: string | undefined) => (accept ?? '').includes('application/json');

  app.get('/admin/media', async (c) => c.html(<MediaPage items={await services.media.list()} csrfToken={c.var.csrfToken} />));

  // A little over the file limit for the form's other fields; the service names the exact limit.
  const limit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: (c) => c.text('The upload is larger than 15 MB', 413) });

  app.post('/admin/media', limit, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    try {
      if (!(file instanceof File)) throw new ValidationError('Invalid image', [{ path: 'file', message: 'is required' }]);
      const item = await services.media.upload(
        { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name },
        { alt: String(body.alt ?? ''), caption: String(body.caption ?? ''), credit: String(body.credit ?? '') },
        c.var.user.id,
      );
      return wantsJson(c.req.header('accept')) ? c.json({ item, block: services.media.imageBlock(item) }, 201) : c.redirect('/admin/media', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (wantsJson(c.req.header('accept'))) return c.json({ error: error.message }, 422);
      return c.html(<MediaPage items={await services.media.list()} csrfToken={c.var.csrfToken} error={error.message} />, 422);
    }
  });
  return app;
}
