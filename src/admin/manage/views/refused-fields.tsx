import { FormErrors } from '../../components/Form.js';
import { refusalView, type Refusal } from '../refusal.js';

/** A form's fields as a refusal names them: the input's id and its visible label. */
export type FormFieldsInfo = Record<string, { id: string; label: string }>;

/**
 * A refused form's errors: `errors` for each field's inline message, and `summary`, the
 * alert above the form that links each problem to its input.
 */
export function refusedFields(refusal: Refusal | undefined, fields: FormFieldsInfo) {
  const labels = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.label]));
  const ids = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.id]));
  const { message, errors } = refusalView(refusal, labels);
  return { errors, summary: <FormErrors message={message} errors={errors} ids={ids} /> };
}
