/**
 * Errors a person can act on. Each names what was wrong so that the edge (an HTML
 * page, a JSON answer, a CLI line) can say it plainly; none carries a stack to readers.
 */
export class BroadsheetError extends Error {
  override name = 'BroadsheetError';
  /** HTTP status the edge should answer with. */
  readonly status: number = 400;
}

/** Issues spelled out in a ValidationError's message; the rest are counted, so a thousand bad rows make one readable line. */
const MAX_LISTED_ISSUES = 10;

/** Input failed validation; `issues` maps a field path to what is wrong with it. */
export class ValidationError extends BroadsheetError {
  override name = 'ValidationError';
  override readonly status = 422;
  constructor(
    /** The message without the issues appended. */
    readonly reason: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${i.path || '(root)'}: ${i.message}`);
    if (issues.length > MAX_LISTED_ISSUES) listed.push(`and ${issues.length - MAX_LISTED_ISSUES} more`);
    super(issues.length ? `${reason}: ${listed.join('; ')}` : reason);
  }
}

/** The change clashes with what is stored: a taken slug, a stale edit. */
export class ConflictError extends BroadsheetError {
  override name = 'ConflictError';
  override readonly status = 409;
}

/** An article may not move from its status to the one asked for. */
export class TransitionError extends BroadsheetError {
  override name = 'TransitionError';
  override readonly status = 409;
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`An article cannot go from "${from}" to "${to}"`);
  }
}

export class NotFoundError extends BroadsheetError {
  override name = 'NotFoundError';
  override readonly status = 404;
}

export class ForbiddenError extends BroadsheetError {
  override name = 'ForbiddenError';
  override readonly status = 403;
}

/** A copy, backup or restore does not hold what its source held: counts differ, or an archive is damaged. */
export class VerificationError extends BroadsheetError {
  override name = 'VerificationError';
  override readonly status = 422;
}

/** What was asked for existed but has ended for good: an expired or revoked link. */
export class GoneError extends BroadsheetError {
  override name = 'GoneError';
  override readonly status = 410;
}

/** A service the request needs (the media bucket) could not be reached; trying again later may work. */
export class UnavailableError extends BroadsheetError {
  override name = 'UnavailableError';
  override readonly status = 503;
}

// zod names an unrecognised key in full, and a key is as long as the sender likes: never echo it whole.
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Turns a zod error into a ValidationError naming each field. */
export function fromZod(message: string, error: { issues: Array<{ path: PropertyKey[]; message: string }> }): ValidationError {
  return new ValidationError(
    message,
    error.issues.map((i) => ({ path: clip(i.path.map(String).join('.'), 100), message: clip(i.message, 200) })),
  );
}
