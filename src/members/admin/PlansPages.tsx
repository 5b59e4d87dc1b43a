import type { FC } from 'hono/jsx';
import { AdminLayout } from '../../admin/components/AdminLayout.js';
import { Button, LinkButton } from '../../admin/components/Button.js';
import { ConfirmForm } from '../../admin/components/ConfirmForm.js';
import { DataTable } from '../../admin/components/DataTable.js';
import { Field, PostForm, TextArea } from '../../admin/components/Form.js';
import type { Refusal } from '../../admin/manage/refusal.js';
import { refusedFields } from '../../admin/manage/views/refused-fields.js';
import { formatMoney } from '../money.js';
import type { DonationForm, TierForm } from '../plan-input.js';
import type { Plans } from '../plans.js';

const tierFields = {
  name: { id: 'tier-name', label: 'Name' },
  benefits: { id: 'tier-benefits', label: 'Benefits' },
  prices: { id: 'tier-prices', label: 'Prices' },
  position: { id: 'tier-position', label: 'Order' },
};
const donationFields = {
  oneOff: { id: 'donation-once', label: 'One-off amounts' },
  monthly: { id: 'donation-monthly', label: 'Monthly amounts' },
};

/** The tier form, for adding and for editing. */
const TierFields: FC<{ values: TierForm; refusal?: Refusal }> = ({ values, refusal }) => {
  const { errors, summary } = refusedFields(refusal, tierFields);
  return (
    <>
      {summary}
      <Field id={tierFields.name.id} name="name" label="Name" value={values.name} error={errors.name} required maxlength={80} hint="What readers choose, such as Supporter or Patron." />
      <TextArea id={tierFields.benefits.id} name="benefits" label="Benefits" value={values.benefits} error={errors.benefits} rows={4} hint="One per line; /support lists them under the tier." />
      <TextArea
        id={tierFields.prices.id}
        name="prices"
        label="Prices"
        value={values.prices}
        error={errors.prices}
        rows={3}
        hint="One currency per line: the code, the monthly price, the annual price, e.g. GBP 5 50. Each currency listed is offered on /support."
      />
      <Field id={tierFields.position.id} name="position" label="Order" type="number" value={values.position} error={errors.position} hint="Lower numbers show first." />
    </>
  );
};

export interface PlansPageProps {
  plans: Plans;
  csrfToken: string;
  /** Stripe keys are set: /support takes payments. */
  paymentsOn: boolean;
  newTier?: { values: TierForm; refusal?: Refusal };
  donations: { values: DonationForm; refusal?: Refusal };
}

const emptyTier: TierForm = { name: '', benefits: '', prices: '', position: '0' };

/** /admin/plans: the membership tiers and the donation amounts /support offers. */
export const PlansPage: FC<PlansPageProps> = ({ plans, csrfToken, paymentsOn, newTier, donations }) => {
  const donationErrors = refusedFields(donations.refusal, donationFields);
  return (
    <AdminLayout title="Plans">
      <p class="hint">
        {paymentsOn
          ? 'Readers choose from these on /support and pay through Stripe Checkout. A change shows on /support at once; members keep paying what they chose.'
          : 'Payments are off: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET where the site runs. Until then /support links to the addresses in Site settings.'}
      </p>
      <h2>Membership tiers</h2>
      {plans.tiers.length === 0 ? (
        <p>No tiers yet: add the first below.</p>
      ) : (
        <DataTable
          caption="Membership tiers"
          columns={[{ key: 'name', label: 'Tier' }, { key: 'prices', label: 'Prices (monthly / annual)', wide: true }, { key: 'benefits', label: 'Benefits', numeric: true }]}
        >
          {plans.tiers.map((t) => (
            <tr>
              <td>
                <a href={`/admin/plans/tiers/${t.id}`}>{t.name}</a>
              </td>
              <td>{t.prices.map((p) => `${formatMoney(p.monthly, p.currency)} / ${formatMoney(p.annual, p.currency)}`).join(' · ')}</td>
              <td class="num">{t.benefits.length}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h3>Add a tier</h3>
      <PostForm action="/admin/plans/tiers" csrfToken={csrfToken} label="Add a tier">
        <TierFields values={newTier?.values ?? emptyTier} refusal={newTier?.refusal} />
        <div class="button-row">
          <Button variant="primary">Add tier</Button>
        </div>
      </PostForm>

      <h2>Donations</h2>
      {donationErrors.summary}
      <PostForm action="/admin/plans/donations" csrfToken={csrfToken} label="Donation amounts">
        <TextArea
          id={donationFields.oneOff.id}
          name="oneOff"
          label="One-off amounts"
          value={donations.values.oneOff}
          error={donationErrors.errors.oneOff}
          rows={3}
          hint="One currency per line, then up to 6 suggested amounts, e.g. GBP 10 25 50. Readers may also give another amount."
        />
        <TextArea
          id={donationFields.monthly.id}
          name="monthly"
          label="Monthly amounts"
          value={donations.values.monthly}
          error={donationErrors.errors.monthly}
          rows={3}
          hint="Recurring gifts without membership, e.g. GBP 3 7. Empty offers none."
        />
        <div class="button-row">
          <Button variant="primary">Save donation amounts</Button>
        </div>
      </PostForm>
    </AdminLayout>
  );
};

/** /admin/plans/tiers/{id}: one tier's form, and its removal. */
export const TierPage: FC<{ id: number; values: TierForm; csrfToken: string; refusal?: Refusal }> = ({ id, values, csrfToken, refusal }) => (
  <AdminLayout title={`Tier: ${values.name || 'untitled'}`} actions={<LinkButton href="/admin/plans">All plans</LinkButton>}>
    <PostForm action={`/admin/plans/tiers/${id}`} csrfToken={csrfToken} label="Edit tier">
      <TierFields values={values} refusal={refusal} />
      <div class="button-row">
        <Button variant="primary">Save tier</Button>
      </div>
    </PostForm>
    <ConfirmForm
      action={`/admin/plans/tiers/${id}/delete`}
      csrfToken={csrfToken}
      label="Remove tier"
      question="Stop offering this tier on /support? Members on it keep paying as they chose until they cancel."
    />
  </AdminLayout>
);
