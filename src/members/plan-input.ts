import { ValidationError } from '../errors.js';
import { toMajorText, toMinor } from './money.js';
import type { DonationRow, TierPrice, TierRow } from './plan-store.js';

/** What the tier form posts: benefits one per line, prices one currency per line ("GBP 5 50": monthly, then annual). */
export interface TierForm {
  name: string;
  benefits: string;
  prices: string;
  position: string;
}

/** What the donations form posts: one currency per line, its suggested amounts after it ("GBP 5 10 25"). */
export interface DonationForm {
  oneOff: string;
  monthly: string;
}

type Issue = { path: string; message: string };

const MAX_BENEFITS = 12;
const MAX_CURRENCIES = 10;
const MAX_AMOUNTS = 6;
/** Stripe's own ceiling for one charge is far higher; this catches a typo of two extra zeros. */
const MAX_AMOUNT_MINOR = 100_000_00;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const currencyCode = (word: string | undefined) => (word && /^[A-Za-z]{3}$/.test(word) ? word.toUpperCase() : undefined);

/** One "GBP 5 10 25" line: the currency and its amounts, or the problem with it in words. */
function amountLine(line: string, lineNo: number): { currency: string; amounts: number[] } | string {
  const [first, ...rest] = line.split(/[\s;]+/).filter(Boolean);
  const currency = currencyCode(first);
  if (!currency) return `line ${lineNo}: "${first}" is not a three-letter currency code such as GBP`;
  const amounts: number[] = [];
  for (const word of rest) {
    const minor = toMinor(word, currency);
    if (minor === undefined || minor <= 0) return `line ${lineNo}: "${word}" is not an amount (write 5 or 5.50)`;
    if (minor > MAX_AMOUNT_MINOR) return `line ${lineNo}: ${word} ${currency} is more than one payment may be`;
    amounts.push(minor);
  }
  return { currency, amounts };
}

/** Checks a tier form; a ValidationError names each field's problem. */
export function parseTier(form: TierForm): Omit<TierRow, 'id'> {
  const issues: Issue[] = [];
  const name = form.name.trim();
  if (!name) issues.push({ path: 'name', message: 'is required' });
  else if (name.length > 80) issues.push({ path: 'name', message: 'must be at most 80 characters' });

  const benefits = lines(form.benefits);
  if (benefits.length > MAX_BENEFITS) issues.push({ path: 'benefits', message: `may list at most ${MAX_BENEFITS} benefits` });
  const long = benefits.findIndex((b) => b.length > 200);
  if (long >= 0) issues.push({ path: 'benefits', message: `line ${long + 1} is longer than 200 characters` });

  const prices: TierPrice[] = [];
  const priceLines = lines(form.prices);
  if (priceLines.length === 0) issues.push({ path: 'prices', message: 'need at least one line, such as "GBP 5 50" (monthly, then annual)' });
  if (priceLines.length > MAX_CURRENCIES) issues.push({ path: 'prices', message: `may list at most ${MAX_CURRENCIES} currencies` });
  for (const [i, line] of priceLines.entries()) {
    const parsed = amountLine(line, i + 1);
    if (typeof parsed === 'string') {
      issues.push({ path: 'prices', message: parsed });
      break;
    }
    if (parsed.amounts.length !== 2) {
      issues.push({ path: 'prices', message: `line ${i + 1}: give the monthly and the annual price after ${parsed.currency}, such as "${parsed.currency} 5 50"` });
      break;
    }
    if (prices.some((p) => p.currency === parsed.currency)) {
      issues.push({ path: 'prices', message: `line ${i + 1}: ${parsed.currency} is listed twice` });
      break;
    }
    prices.push({ currency: parsed.currency, monthly: parsed.amounts[0]!, annual: parsed.amounts[1]! });
  }

  const position = form.position.trim() === '' ? 0 : Number(form.position);
  if (!Number.isInteger(position) || position < 0 || position > 100) issues.push({ path: 'position', message: 'must be a whole number from 0 to 100' });

  if (issues.length) throw new ValidationError('The tier was not saved', issues);
  return { name, benefits, prices, position };
}

/** Checks the donations form; a ValidationError names the field and line. */
export function parseDonations(form: DonationForm): DonationRow[] {
  const issues: Issue[] = [];
  const byCurrency = new Map<string, DonationRow>();
  for (const field of ['oneOff', 'monthly'] as const) {
    const fieldLines = lines(form[field]);
    if (fieldLines.length > MAX_CURRENCIES) issues.push({ path: field, message: `may list at most ${MAX_CURRENCIES} currencies` });
    for (const [i, line] of fieldLines.entries()) {
      const parsed = amountLine(line, i + 1);
      if (typeof parsed === 'string') {
        issues.push({ path: field, message: parsed });
        break;
      }
      if (parsed.amounts.length === 0 || parsed.amounts.length > MAX_AMOUNTS) {
        issues.push({ path: field, message: `line ${i + 1}: give 1 to ${MAX_AMOUNTS} amounts after ${parsed.currency}` });
        break;
      }
      const row = byCurrency.get(parsed.currency) ?? { currency: parsed.currency, oneOff: [], monthly: [] };
      if (row[field].length) {
        issues.push({ path: field, message: `line ${i + 1}: ${parsed.currency} is listed twice` });
        break;
      }
      row[field] = parsed.amounts;
      byCurrency.set(parsed.currency, row);
    }
  }
  if (issues.length) throw new ValidationError('The donation amounts were not saved', issues);
  return [...byCurrency.values()];
}

/** A stored tier as its form shows it. */
export const tierForm = (tier: Omit<TierRow, 'id'>): TierForm => ({
  name: tier.name,
  benefits: tier.benefits.join('\n'),
  prices: tier.prices.map((p) => `${p.currency} ${toMajorText(p.monthly, p.currency)} ${toMajorText(p.annual, p.currency)}`).join('\n'),
  position: String(tier.position),
});

/** Stored donation amounts as their form shows them. */
export const donationForm = (rows: DonationRow[]): DonationForm => {
  const field = (key: 'oneOff' | 'monthly') =>
    rows
      .filter((r) => r[key].length)
      .map((r) => `${r.currency} ${r[key].map((a) => toMajorText(a, r.currency)).join(' ')}`)
      .join('\n');
  return { oneOff: field('oneOff'), monthly: field('monthly') };
};
