import { ConflictError, ValidationError } from '../../errors.js';

/** A save the person can fix: the summary line and, per form field, what is wrong there. */
export interface Refusal {
  message: string;
  /** Form field name → the service's words for its problem ('is required', or a whole sentence for a clash). */
  fields: Record<string, string>;
}

export interface RefusalOptions {
  /** The form field a ConflictError is about (a taken slug, a taken alias). */
  conflictField?: string;
  /** Issue paths the service names differently from the form ('author' for the form's 'authorId'). */
  rename?: Record<string, string>;
}

/** The refusal a ValidationError's issues or a ConflictError make, with each problem on the field the person typed in. */
export function refusalOf(error: ValidationError | ConflictError, options: RefusalOptions = {}): Refusal {
  if (error instanceof ValidationError) {
    const fields: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const issue of error.issues) {
      const field = options.rename?.[issue.path] ?? issue.path;
      if (!field || fields[field]) unplaced.push(`${issue.path || '(root)'}: ${issue.message}`);
      else fields[field] = issue.message;
    }
    return { message: unplaced.length ? `${error.reason}: ${unplaced.join('; ')}` : error.reason, fields };
  }
  if (options.conflictField) return { message: 'Nothing was saved', fields: { [options.conflictField]: error.message } };
  return { message: error.message, fields: {} };
}

/**
 * Runs a save; a refusal the person can fix (invalid input, a taken slug) re-renders the
 * form with the problems on their fields and the typing kept. Anything else (403) goes to the error page.
 */
export async function saveOrRefuse(
  work: () => Promise<Response>,
  again: (refusal: Refusal, status: 409 | 422) => Response | Promise<Response>,
  options: RefusalOptions = {},
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) return again(refusalOf(error, options), error.status);
    throw error;
  }
}

/**
 * What a form shows for a refusal: each of its fields' problems as a sentence under the
 * label ("Slug is reserved for a site page"), and in the summary whatever no field of this
 * form can show.
 */
export function refusalView(refusal: Refusal | undefined, labels: Record<string, string>): { message?: string; errors: Record<string, string> } {
  if (!refusal) return { errors: {} };
  const errors: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [field, problem] of Object.entries(refusal.fields)) {
    const label = labels[field];
    if (!label) elsewhere.push(`${field}: ${problem}`);
    // The service's fragments ('is required') read on after the label; its sentences stand alone.
    else errors[field] = /^[a-z]/.test(problem) ? `${label} ${problem}` : problem;
  }
  return { message: elsewhere.length ? `${refusal.message}: ${elsewhere.join('; ')}` : refusal.message, errors };
}
