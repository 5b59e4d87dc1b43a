import { Hono } from 'hono';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { toastRedirect } from '../components/toast.js';
import { formFields, intField } from '../manage/form.js';
import { saveOrRefuse } from '../manage/refusal.js';
import { SettingsPage } from './views.js';
import { fediverseBlock } from '../../fediverse/admin/routes.js';

/** The site settings, for admins; the service refuses anyone else. */
export function settingsAdminRoutes(services: Services) {
  const { settings } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/settings', async (c) => {
    const values = await settings.editable(c.var.user);
    return c.html(
      <SettingsPage values={values} csrfToken={c.var.csrfToken}>
        {await fediverseBlock(services, c.var.csrfToken)}
      </SettingsPage>,
    );
  });

  app.post('/admin/settings', async (c) => {
    const f = await formFields(c);
    // A form from before metering (or a script posting only some fields) leaves the meter as it is.
    const stored = await settings.get();
    const count = (name: 'meterFreeArticles' | 'meterRegisteredArticles' | 'giftsPerMonth' | 'supporterGoal') => (f[name] === undefined ? stored[name] : intField(f[name]));
    const input = {
      supportPrompt: f.supportPrompt ?? '',
      membershipUrl: f.membershipUrl ?? '',
      donationUrl: f.donationUrl ?? '',
      partnerSlotAfter: intField(f.partnerSlotAfter),
      meterFreeArticles: count('meterFreeArticles'),
      meterRegisteredArticles: count('meterRegisteredArticles'),
      giftsPerMonth: count('giftsPerMonth'),
      supporterGoal: count('supporterGoal'),
    };
    return saveOrRefuse(
      async () => {
        await settings.save(c.var.user, input);
        return toastRedirect(c, '/admin/settings', 'saved');
      },
      (refusal, status) => c.html(<SettingsPage values={{ ...input, partnerSlotAfter: f.partnerSlotAfter ?? '', meterFreeArticles: f.meterFreeArticles ?? input.meterFreeArticles ?? '', meterRegisteredArticles: f.meterRegisteredArticles ?? input.meterRegisteredArticles ?? '', giftsPerMonth: f.giftsPerMonth ?? input.giftsPerMonth ?? '', supporterGoal: f.supporterGoal ?? input.supporterGoal ?? '' }} csrfToken={c.var.csrfToken} refusal={refusal} />, status),
    );
  });

  return app;
}
