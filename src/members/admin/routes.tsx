import { Hono, type Context } from 'hono';
import type { NewsroomEnv } from '../../admin/env.js';
import { toastRedirect } from '../../admin/components/toast.js';
import { formFields, idParam } from '../../admin/manage/form.js';
import { saveOrRefuse } from '../../admin/manage/refusal.js';
import type { Services } from '../../services.js';
import { donationForm, tierForm, type TierForm } from '../plan-input.js';
import { PlansPage, TierPage, type PlansPageProps } from './PlansPages.js';

const tierOf = (f: Record<string, string>): TierForm => ({ name: f.name ?? '', benefits: f.benefits ?? '', prices: f.prices ?? '', position: f.position ?? '' });

/** /admin/plans: tiers and donation amounts, for editors and admins (the plan service refuses anyone else). */
export function planAdminRoutes(services: Services) {
  const { plans, memberships } = services;
  const app = new Hono<NewsroomEnv>();

  const page = async (c: Context<NewsroomEnv>, extra: Partial<PlansPageProps> = {}) => {
    const current = await plans.editable(c.var.user);
    return <PlansPage plans={current} csrfToken={c.var.csrfToken} paymentsOn={memberships.enabled} donations={{ values: donationForm(current.donations) }} {...extra} />;
  };

  app.get('/admin/plans', async (c) => c.html(await page(c)));

  app.post('/admin/plans/tiers', async (c) => {
    const values = tierOf(await formFields(c));
    return saveOrRefuse(
      async () => {
        await plans.addTier(c.var.user, values);
        return toastRedirect(c, '/admin/plans', 'created');
      },
      async (refusal, status) => c.html(await page(c, { newTier: { values, refusal } }), status),
    );
  });

  app.post('/admin/plans/donations', async (c) => {
    const f = await formFields(c);
    const values = { oneOff: f.oneOff ?? '', monthly: f.monthly ?? '' };
    return saveOrRefuse(
      async () => {
        await plans.saveDonations(c.var.user, values);
        return toastRedirect(c, '/admin/plans', 'saved');
      },
      async (refusal, status) => c.html(await page(c, { donations: { values, refusal } }), status),
    );
  });

  app.get('/admin/plans/tiers/:id', async (c) => {
    const id = idParam(c, 'membership tier');
    return c.html(<TierPage id={id} values={tierForm(await plans.tier(c.var.user, id))} csrfToken={c.var.csrfToken} />);
  });

  app.post('/admin/plans/tiers/:id', async (c) => {
    const id = idParam(c, 'membership tier');
    const values = tierOf(await formFields(c));
    return saveOrRefuse(
      async () => {
        await plans.saveTier(c.var.user, id, values);
        return toastRedirect(c, `/admin/plans/tiers/${id}`, 'saved');
      },
      (refusal, status) => c.html(<TierPage id={id} values={values} csrfToken={c.var.csrfToken} refusal={refusal} />, status),
    );
  });

  app.post('/admin/plans/tiers/:id/delete', async (c) => {
    await plans.removeTier(c.var.user, idParam(c, 'membership tier'));
    return toastRedirect(c, '/admin/plans', 'deleted');
  });

  return app;
}
