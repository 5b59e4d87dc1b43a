import { parse } from 'csv-parse/sync';
import { ValidationError } from '../../errors.js';

/** One usable line of Ghost's members CSV, cleaned. */
export interface GhostMember {
  line: number;
  email: string;
  name: string | null;
  note: string | null;
  subscribed: boolean;
  complimentary: boolean;
  stripeCustomerId: string | null;
  createdAt: string | null;
  labels: string[];
}

export interface SkippedLine {
  line: number;
  reason: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STRIPE_CUSTOMER = /^cus_[A-Za-z0-9]+$/;
const MAX_BYTES = 20 * 1024 * 1024;

const flag = (value: string | undefined): boolean | undefined => {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === '') return false;
  return undefined;
};

/**
 * Reads Ghost's members export (email, name, note, subscribed_to_emails, complimentary_plan,
 * stripe_customer_id, created_at, labels; other columns ignored). A file that is not such a CSV
 * throws ValidationError; a line that cannot be a member is returned among `skipped` with its
 * line number and why. A later line for the same address is skipped as a repeat.
 */
export function readGhostMembers(text: string): { members: GhostMember[]; skipped: SkippedLine[] } {
  if (Buffer.byteLength(text) > MAX_BYTES) throw new ValidationError('The file is too large', [{ path: 'file', message: 'must be under 20 MB' }]);
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, info: true, relax_column_count: true });
  } catch (error) {
    throw new ValidationError('The file is not a readable CSV', [{ path: 'file', message: (error as Error).message }]);
  }
  if (records.length > 0 && !('email' in records[0]!.record)) throw new ValidationError('The file is not a Ghost members export', [{ path: 'file', message: 'has no email column' }]);
  const members: GhostMember[] = [];
  const skipped: SkippedLine[] = [];
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const email = (record.email ?? '').trim().toLowerCase();
    const subscribed = flag(record.subscribed_to_emails);
    const complimentary = flag(record.complimentary_plan);
    const customer = (record.stripe_customer_id ?? '').trim();
    const created = (record.created_at ?? '').trim();
    const problem = !EMAIL.test(email)
      ? `"${email || '(empty)'}" is not an email address`
      : seen.has(email)
        ? `${email} appears on an earlier line`
        : subscribed === undefined
          ? `subscribed_to_emails "${record.subscribed_to_emails}" is not true or false`
          : complimentary === undefined
            ? `complimentary_plan "${record.complimentary_plan}" is not true or false`
            : customer && !STRIPE_CUSTOMER.test(customer)
              ? `stripe_customer_id "${customer}" is not a Stripe customer id (cus_…)`
              : created && Number.isNaN(Date.parse(created))
                ? `created_at "${created}" is not a date`
                : undefined;
    if (problem) {
      skipped.push({ line, reason: problem });
      continue;
    }
    seen.add(email);
    members.push({
      line,
      email,
      name: record.name?.trim() || null,
      note: record.note?.trim() || null,
      subscribed: subscribed!,
      complimentary: complimentary!,
      stripeCustomerId: customer || null,
      createdAt: created ? new Date(created).toISOString() : null,
      labels: (record.labels ?? '')
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    });
  }
  return { members, skipped };
}
