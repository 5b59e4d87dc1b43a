import type { Context } from 'hono';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';

/** A posted form's text fields. */
export const formFields = async (c: Context): Promise<Record<string, string>> =>
  Object.fromEntries(Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** A whole number from a form field, or undefined so that the service names the field. */
export const intField = (value: string | undefined) => (value && /^-?\d+$/.test(value.trim()) ? Number(value) : undefined);

export const idParam = (c: Context, what: string) => {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id < 1) throw new NotFoundError(`No such ${what}`);
  return id;
};

/**
 * Runs a save; a refusal the person can fix (invalid input, a taken slug) re-renders
 * the form with the message and their typing. Anything else (403) goes to the error page.
 */
export async function saveOr(work: () => Promise<Response>, again: (message: string, status: 409 | 422) => Response | Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) return again(error.message, error.status);
    throw error;
  }
}
