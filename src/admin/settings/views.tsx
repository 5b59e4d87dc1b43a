import type { Child, FC } from 'hono/jsx';
import type { SiteSettings } from '../../settings/site-settings.js';
import { AdminLayout } from '../components/AdminLayout.js';
import { Button } from '../components/Button.js';
import { Field, PostForm } from '../components/Form.js';
import type { Refusal } from '../manage/refusal.js';
import { refusedFields } from '../manage/views/refused-fields.js';

type Values = Record<keyof SiteSettings, string | number>;

const settingsFields = {
  supportPrompt: { id: 's-prompt', label: 'Support prompt' },
  membershipUrl: { id: 's-membership', label: 'Membership sign-up address' },
  donationUrl: { id: 's-donation', label: 'Donation address' },
  partnerSlotAfter: { id: 's-partner', label: 'Partner slot after paragraph' },
  meterFreeArticles: { id: 's-meter-free', label: 'Metered articles a month without an account' },
  meterRegisteredArticles: { id: 's-meter-registered', label: 'More metered articles a month for registered readers' },
  giftsPerMonth: { id: 's-gifts', label: 'Gift links a member may share a month' },
  supporterGoal: { id: 's-goal', label: 'Supporter goal' },
};

const accessHints = {
  meterFreeArticles: 'How many “registered” articles a reader without an account reads each calendar month before being asked to register (counted in a cookie on their device). 0 asks at once.',
  meterRegisteredArticles: 'How many more a registered reader reads that month before being offered membership. Free articles are never counted; members and staff are never asked.',
  giftsPerMonth: 'How many articles a member may give each month with a link anyone can open.',
  supporterGoal: 'How many members and donors /support shows the newsroom aiming for, with a bar of how many there are now. 0 shows no goal.',
};

/** /admin/settings: the admin's site-wide settings, one form. */
export const SettingsPage: FC<{ values: Values; csrfToken: string; refusal?: Refusal; children?: Child }> = ({ values, csrfToken, refusal, children }) => {
  const { errors, summary } = refusedFields(refusal, settingsFields);
  const f = settingsFields;
  return (
    <AdminLayout title="Site settings">
      <p class="hint">The site’s name, address and time zone are set where the site runs (SITE_NAME, SITE_URL and TIME_ZONE), not here. Reader pages show a saved change at once.</p>
      {summary}
      <PostForm action="/admin/settings" csrfToken={csrfToken} label="Site settings">
        <Field
          id={f.supportPrompt.id}
          name="supportPrompt"
          label={f.supportPrompt.label}
          value={values.supportPrompt}
          error={errors.supportPrompt}
          required
          hint="The line at the top of every page, linking to /support. At most 160 characters."
        />
        <Field
          id={f.membershipUrl.id}
          name="membershipUrl"
          label={f.membershipUrl.label}
          type="url"
          value={values.membershipUrl}
          error={errors.membershipUrl}
          hint="Where “Become a member” on /support leads (your payment provider’s page, https://…). Empty hides the button."
        />
        <Field
          id={f.donationUrl.id}
          name="donationUrl"
          label={f.donationUrl.label}
          type="url"
          value={values.donationUrl}
          error={errors.donationUrl}
          hint="Where “Give once” on /support leads (https://…). Empty hides the button."
        />
        <Field
          id={f.partnerSlotAfter.id}
          name="partnerSlotAfter"
          label={f.partnerSlotAfter.label}
          type="number"
          value={values.partnerSlotAfter}
          error={errors.partnerSlotAfter}
          required
          hint="Where the partner slot goes in an article that does not set its own place; 0 puts it before the first paragraph."
        />
        {(['meterFreeArticles', 'meterRegisteredArticles', 'giftsPerMonth', 'supporterGoal'] as const).map((name) => (
          <Field id={f[name].id} name={name} label={f[name].label} type="number" value={values[name]} error={errors[name]} required hint={accessHints[name]} />
        ))}
        <div class="button-row">
          <Button variant="primary">Save settings</Button>
        </div>
      </PostForm>
      {children}
    </AdminLayout>
  );
};
