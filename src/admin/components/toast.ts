import type { Context } from 'hono';

/**
 * What the toast says after a redirect. The query string carries only a key from this
 * fixed list, so no text a link could carry is ever shown as the newsroom's own words.
 */
export const toastMessages = {
  saved: 'Saved',
  created: 'Created',
  deleted: 'Deleted',
  published: 'Published',
  scheduled: 'Scheduled',
  submitted: 'Submitted for review',
  unpublished: 'Unpublished',
  restored: 'Restored',
  sent: 'Sent',
  held: 'Held: not sent',
  'test-sent': 'Test sent to your address',
  queued: 'Sending: the issue is on its way to subscribers',
  discarded: 'Discarded: it will not be sent',
  'note-added': 'Note added',
  pinned: 'Pinned',
  unpinned: 'Unpinned',
  moved: 'Moved',
  uploaded: 'Uploaded',
  revoked: 'Revoked',
  accepted: 'Accepted: the topic now has its public page and shows on its articles',
  rejected: 'Rejected: the proposed topic and its suggestions are gone',
  merged: "Merged: the articles moved, and the old topic's address now redirects",
  'alias-added': 'Alias added',
  'alias-removed': 'Alias removed',
  'webhook-test': 'Test delivery queued: it shows in the log below within a few seconds',
} as const;
export type ToastKey = keyof typeof toastMessages;

export const TOAST_PARAM = 'done';

/** Redirects (303, after a POST) to `path` with the toast for `key` to show there. */
export function toastRedirect(c: Context, path: string, key: ToastKey): Response {
  const url = new URL(path, 'http://x');
  url.searchParams.set(TOAST_PARAM, key);
  return c.redirect(`${url.pathname}${url.search}${url.hash}`, 303);
}

/** The toast message a request asks for, if it names a known one. */
export function toastFor(query: string | undefined): string | undefined {
  return query && Object.hasOwn(toastMessages, query) ? toastMessages[query as ToastKey] : undefined;
}
