/** Currencies whose smallest unit is the whole unit (Stripe's zero-decimal list, the common ones). */
const zeroDecimal = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'HUF', 'TWD', 'UGX', 'XAF', 'XOF']);

export const minorDigits = (currency: string) => (zeroDecimal.has(currency.toUpperCase()) ? 0 : 2);

/**
 * A typed amount ("5", "5.50", "1,000") in minor units, or undefined when it is not an amount.
 *
 * @example toMinor('5.50', 'GBP') // 550
 */
export function toMinor(text: string, currency: string): number | undefined {
  const cleaned = text.trim().replace(/,/g, '');
  const digits = minorDigits(currency);
  const pattern = digits === 0 ? /^\d{1,9}$/ : /^\d{1,9}(\.\d{1,2})?$/;
  if (!pattern.test(cleaned)) return undefined;
  return Math.round(Number(cleaned) * 10 ** digits);
}

/** Minor units as the amount a person types back ("5.50", "5"). */
export function toMajorText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const major = minor / 10 ** digits;
  return Number.isInteger(major) ? String(major) : major.toFixed(digits);
}

/**
 * An amount for readers, with its currency's symbol and no needless pennies.
 *
 * @example formatMoney(500, 'GBP') // '£5'
 */
export function formatMoney(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const major = minor / 10 ** digits;
  return new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency,
    minimumFractionDigits: Number.isInteger(major) ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(major);
}
