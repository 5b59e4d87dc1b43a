import { isbot } from 'isbot';
import type { Kysely } from 'kysely';
import { authorize } from '../../accounts/policy.js';
import type { Actor } from '../../content/article-policy.js';
import type { DB } from '../../db/schema.js';
import { BroadsheetError } from '../../errors.js';
import { clickStore } from './click-store.js';
import type { ClickLinks } from './click-links.js';

/** A /r/ link whose signature does not match its issue and destination: cut, altered or forged. */
export class BadClickLinkError extends BroadsheetError {
  override name = 'BadClickLinkError';
  override readonly status = 400;
  constructor() {
    super('This link is broken: it was cut short or changed after it was sent. Copy the whole address from the email, or visit the site from its front page');
  }
}

/**
 * Counting newsletter link clicks through the signed redirect, and reading them back for the
 * newsroom. One upsert per click: clicks are rare beside page views, and the count is then exact
 * the moment an editor looks. Crawlers (mail scanners open every link) are followed but not counted.
 */
export function linkClickService(db: Kysely<DB>, deps: { links: ClickLinks }) {
  const store = clickStore(db);
  return {
    /** Where a genuine click goes, counting it unless a bot made it; BadClickLinkError for anything else. */
    async follow(issueId: string, signature: string, url: string | undefined, userAgent: string | undefined): Promise<string> {
      const link = deps.links.read(issueId, signature, url);
      if (!link) throw new BadClickLinkError();
      if (!isbot(userAgent ?? '')) await store.add(link.issueId, link.url);
      return link.url;
    },

    /** Clicks per link of one issue, for editors (who manage newsletters). */
    async ofIssue(user: Actor, issueId: number): Promise<Array<{ url: string; clicks: number }>> {
      authorize(user, 'newsletters.manage');
      return store.ofIssue(issueId);
    },
  };
}

export type LinkClickService = ReturnType<typeof linkClickService>;
