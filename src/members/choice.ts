import { ValidationError } from '../errors.js';
import { formatMoney, toMinor } from './money.js';
import { currenciesOf, type Plans } from './plans.js';

export type Frequency = 'once' | 'month' | 'year';

/** What the choice cards on /support post. */
export interface ChoiceForm {
  currency?: string;
  frequency?: string;
  /** The chosen card of each frequency's group: `tier:ID`, `amount:MINOR` or `other`. */
  once?: string;
  month?: string;
  year?: string;
  otherOnce?: string;
  otherMonth?: string;
}

/** What a reader chose, ready for a Checkout Session. */
export interface Choice {
  frequency: Frequency;
  currency: string;
  amount: number;
  kind: 'membership' | 'donation';
  tierId: number | null;
  /** The line Stripe's Checkout shows. */
  label: string;
}

const frequencies: Frequency[] = ['once', 'month', 'year'];

/** The least a reader may give, 100 minor units (£1, ¥100): Stripe refuses much smaller charges. */
const minimum = (_currency: string) => 100;

/**
 * Checks a choice against the plans on offer, so a forged form cannot set its own price:
 * a tier's price and the suggested amounts come from the database, and only "other" takes a typed amount.
 */
export function parseChoice(form: ChoiceForm, plans: Plans, siteName: string): Choice {
  const currencies = currenciesOf(plans);
  const currency = (form.currency ?? '').toUpperCase();
  if (!currencies.includes(currency)) throw new ValidationError('Choose how to give', [{ path: 'currency', message: 'is not one we take' }]);
  const frequency = frequencies.find((f) => f === form.frequency);
  if (!frequency) throw new ValidationError('Choose how to give', [{ path: 'frequency', message: 'Choose one-off, monthly or annual' }]);
  const picked = form[frequency] ?? '';
  const refuse = (message: string, path: string = frequency): never => {
    throw new ValidationError('Choose how to give', [{ path, message }]);
  };

  const tierMatch = /^tier:(\d+)$/.exec(picked);
  if (tierMatch) {
    if (frequency === 'once') refuse('Membership is monthly or annual');
    const tier = plans.tiers.find((t) => t.id === Number(tierMatch[1]));
    const price = tier?.prices.find((p) => p.currency === currency);
    if (!tier || !price) return refuse('Choose one of the memberships shown');
    const amount = frequency === 'month' ? price.monthly : price.annual;
    return { frequency, currency, amount, kind: 'membership', tierId: tier.id, label: `${tier.name} membership, ${frequency === 'month' ? 'monthly' : 'annual'}` };
  }

  if (frequency === 'year') return refuse('Choose one of the memberships shown');
  const donation = plans.donations.find((d) => d.currency === currency);
  const suggested = frequency === 'once' ? (donation?.oneOff ?? []) : (donation?.monthly ?? []);
  let amount: number | undefined;
  const amountMatch = /^amount:(\d+)$/.exec(picked);
  if (amountMatch) {
    amount = Number(amountMatch[1]);
    if (!suggested.includes(amount)) refuse('Choose one of the amounts shown, or another amount');
  } else if (picked === 'other') {
    const field = frequency === 'once' ? 'otherOnce' : 'otherMonth';
    amount = toMinor(form[field] ?? '', currency);
    if (amount === undefined) refuse('Write the amount as a number, such as 15 or 15.50', field);
    else if (amount < minimum(currency)) refuse(`must be at least ${formatMoney(minimum(currency), currency)}`, field);
    else if (amount > 10_000_00) refuse(`must be at most ${formatMoney(10_000_00, currency)}; for a larger gift, please write to us`, field);
  } else {
    refuse(frequency === 'once' ? 'Choose an amount to give' : 'Choose a membership or an amount to give each month');
  }
  return {
    frequency,
    currency,
    amount: amount!,
    kind: 'donation',
    tierId: null,
    label: frequency === 'once' ? `A gift to ${siteName}` : `A monthly gift to ${siteName}`,
  };
}
