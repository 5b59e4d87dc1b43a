import { Hono } from 'hono';
import { SettingsPage } from '../../admin/settings/views.js';
import type { NewsroomEnv } from '../../admin/env.js';
import { toastRedirect } from '../../admin/components/toast.js';
import { formFields } from '../../admin/manage/form.js';
import { saveOrRefuse, type Refusal } from '../../admin/manage/refusal.js';
import type { Services } from '../../services.js';
import { FediverseBlock, type FediverseBlockValues } from './FediverseBlock.js';

/** The Fediverse block as /admin/settings shows it, for this request's admin. */
export async function fediverseBlock(services: Pick<Services, 'fediverse'>, csrfToken: string, typed?: FediverseBlockValues, refusal?: Refusal) {
  const overview = await services.fediverse.overview();
  return <FediverseBlock values={typed ?? overview} host={overview.host} followers={overview.followers} csrfToken={csrfToken} refusal={refusal} />;
}

/** POST /admin/settings/fediverse: on/off, handle and profile; admins only (the service refuses anyone else). */
export function fediverseAdminRoutes(services: Services) {
  const app = new Hono<NewsroomEnv>();
  app.post('/admin/settings/fediverse', async (c) => {
    const f = await formFields(c);
    const typed = { enabled: f.enabled === 'on', handle: f.handle ?? '', description: f.description ?? '' };
    return saveOrRefuse(
      async () => {
        await services.fediverse.settings.save(c.var.user, typed);
        return toastRedirect(c, '/admin/settings#fediverse', 'saved');
      },
      async (refusal, status) => {
        const site = await services.settings.editable(c.var.user);
        return c.html(
          <SettingsPage values={site} csrfToken={c.var.csrfToken}>
            {await fediverseBlock(services, c.var.csrfToken, typed, refusal)}
          </SettingsPage>,
          status,
        );
      },
    );
  });
  return app;
}
