import { z } from 'zod';
import type { ArticlePatch } from '../../content/article-input.js';
import { fromZod } from '../../errors.js';
import { parseJson } from '../../http/json-body.js';

const list = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const optional = z
  .string()
  .default('')
  .transform((s) => s.trim() || null);
const optionalInt = (what: string) =>
  z
    .string()
    .default('')
    .transform((s, ctx) => {
      if (!s.trim()) return null;
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number (${what})` });
        return z.NEVER;
      }
      return n;
    });

/** The article form as the browser sends it: every field a string. */
const articleForm = z.object({
  headline: z.string().default(''),
  standfirst: z.string().default(''),
  slug: optional,
  section: z.string().default(''),
  authors: list,
  topics: list,
  printIssue: optionalInt('a print issue number'),
  sponsor: optional,
  partnerSlotAfter: optionalInt('paragraphs'),
  seoTitle: optional,
  seoDescription: optional,
  imageMediaId: optionalInt('an image number from the media library'),
  imageAlt: optional,
  imageCaption: optional,
  imageCredit: optional,
  imageFocalX: optionalInt('percent from the left'),
  imageFocalY: optionalInt('percent from the top'),
  // Checked by the article service, which names the levels it takes.
  access: z.string().default('free'),
  body: z.string().optional(),
});

/** Turns a posted article form into a patch; the body is the editor's JSON blocks, checked later by the service. */
export function parseArticleForm(form: Record<string, unknown>): ArticlePatch {
  const result = articleForm.safeParse(form);
  if (!result.success) throw fromZod('Invalid article', result.error);
  const { body, slug, ...rest } = result.data;
  let blocks: unknown;
  if (body !== undefined) {
    try {
      blocks = parseJson(body);
    } catch {
      throw fromZod('Invalid article', { issues: [{ path: ['body'], message: 'is not valid editor content' }] });
    }
  }
  // Fields the form did not send stay as stored (an autosave may send only what changed).
  const sent = Object.fromEntries(Object.entries(rest).filter(([k]) => Object.hasOwn(form, k)));
  return { ...sent, ...(slug ? { slug } : {}), ...(blocks === undefined ? {} : { body: blocks as ArticlePatch['body'] }) };
}

/**
 * A refused save's problems by form field ("authors.2" is the authors field), for inline
 * errors; a problem with no field of its own stays in the summary only.
 */
export function fieldErrorsOf(issues: Array<{ path: string; message: string }>): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { path, message } of issues) {
    const field = path.split('.')[0] === 'scheduledFor' ? 'when' : path.split('.')[0]!;
    if (field && !byField[field]) byField[field] = message;
  }
  return byField;
}

/** The version the form was loaded at, for the optimistic lock. */
export function formVersion(form: Record<string, unknown>): number {
  const n = Number(form.version);
  if (!Number.isInteger(n) || n < 1) throw fromZod('Invalid article', { issues: [{ path: ['version'], message: 'is missing: reload the editor' }] });
  return n;
}
