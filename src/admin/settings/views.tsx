import type { FC } from 'hono/jsx';
import type { SiteSettings } from '../../settings/site-settings.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button } from '../components/Button.js';
import { Field, FormError, PostForm } from '../components/Form.js';

type Values = Record<keyof SiteSettings, string | number>;

/** /admin/settings: the admin's site-wide settings, one form. */
export const SettingsPage: FC<{ values: Values; csrfToken: string; saved?: boolean; error?: string }> = ({ values, csrfToken, saved, error }) => (
  <AdminLayout title="Site settings">
    {saved && (
      <p role="status" class="notice">
        Settings saved. Reader pages show them now.
      </p>
    )}
    <FormError message={error} />
    <p class="hint">The site’s name, address and time zone are set where the site runs (SITE_NAME, SITE_URL and TIME_ZONE), not here.</p>
    <PostForm action="/admin/settings" csrfToken={csrfToken} label="Site settings">
      <Field id="s-prompt" name="supportPrompt" label="Support prompt" value={values.supportPrompt} required hint="The line at the top of every page, linking to /support. At most 160 characters." />
      <Field id="s-membership" name="membershipUrl" label="Membership sign-up address" type="url" value={values.membershipUrl} hint="Where “Become a member” on /support leads (your payment provider’s page, https://…). Empty hides the button." />
      <Field id="s-donation" name="donationUrl" label="Donation address" type="url" value={values.donationUrl} hint="Where “Give once” on /support leads (https://…). Empty hides the button." />
      <Field id="s-partner" name="partnerSlotAfter" label="Partner slot after paragraph" type="number" value={values.partnerSlotAfter} required hint="Where the partner slot goes in an article that does not set its own place; 0 puts it before the first paragraph." />
      <div class="button-row">
        <Button variant="primary">Save settings</Button>
      </div>
    </PostForm>
  </AdminLayout>
);
