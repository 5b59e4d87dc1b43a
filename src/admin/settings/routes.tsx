import { Hono } from 'hono';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, intField, saveOr } from '../manage/form.js';
import { SettingsPage } from './views.js';

/** The site settings, for admins; the service refuses anyone else. */
export function settingsAdminRoutes(services: Services) {
  const { settings } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/settings', async (c) => {
    return c.html(<SettingsPage values={await settings.editable(c.var.user)} csrfToken={c.var.csrfToken} saved={c.req.query('saved') === '1'} />);
  });

  app.post('/admin/settings', async (c) => {
    const f = await formFields(c);
    const input = { supportPrompt: f.supportPrompt ?? '', membershipUrl: f.membershipUrl ?? '', donationUrl: f.donationUrl ?? '', partnerSlotAfter: intField(f.partnerSlotAfter) };
    return saveOr(
      async () => {
        await settings.save(c.var.user, input);
        return c.redirect('/admin/settings?saved=1', 303);
      },
      (error, status) => c.html(<SettingsPage values={{ ...input, partnerSlotAfter: f.partnerSlotAfter ?? '' }} csrfToken={c.var.csrfToken} error={error} />, status),
    );
  });

  return app;
}
