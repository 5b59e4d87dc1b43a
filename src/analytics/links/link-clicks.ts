import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { authorize } from '../../accounts/policy.js';
import type { Actor } from '../../content/article-policy.js';
import type { DB } from '../../db/schema.js';
import { BroadsheetError } from '../../errors.js';
import { memo, readAgent } from '../view-reading.js';
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
 * newsroom. A click is counted in memory, as page views are: the counts go to the database
 * every few seconds (one upsert per link clicked since, whatever the number of clicks), so
 * following a link as fast as anyone can writes nothing more, and the links that can be
 * counted are only those an issue was sent with (signed). A crash loses at most those
 * seconds. An editor's look writes this process's counts first, so the figures are current.
 * Crawlers (mail scanners open every link) are followed but not counted.
 */
export function linkClickService(db: Kysely<DB>, deps: { links: ClickLinks; logger?: Logger }) {
  const store = clickStore(db);
  const agentOf = memo(1000, readAgent);
  // Clicks since the last write, by issue and then link.
  let pending = new Map<number, Map<string, number>>();
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  function count(issueId: number, url: string, clicks: number) {
    let links = pending.get(issueId);
    if (!links) pending.set(issueId, (links = new Map()));
    links.set(url, (links.get(url) ?? 0) + clicks);
  }

  const service = {
    /** Where a genuine click goes, counting it unless a bot made it; BadClickLinkError for anything else. */
    follow(issueId: string, signature: string, url: string | undefined, gift: string | undefined, userAgent: string | undefined): string {
      const link = deps.links.read(issueId, signature, url, gift);
      if (!link) throw new BadClickLinkError();
      if (!userAgent || agentOf(userAgent)) count(link.issueId, link.url, 1);
      return link.to;
    },

    /** Writes the clicks counted so far (a failed write keeps them for the next). */
    flush(): Promise<void> {
      if (writing) return writing.then(() => service.flush());
      if (!pending.size) return Promise.resolve();
      const batch = pending;
      pending = new Map();
      writing = store
        .addAll(batch)
        .catch((error) => {
          deps.logger?.warn({ err: error }, 'analytics: newsletter clicks could not be written; kept for the next try');
          for (const [issueId, links] of batch) for (const [url, clicks] of links) count(issueId, url, clicks);
        })
        .finally(() => {
          writing = undefined;
        });
      return writing;
    },

    /** Writes every `everyMs` until `stop`. */
    start(everyMs = 5000): void {
      timer = setInterval(() => void service.flush(), everyMs);
      timer.unref();
    },

    /** Stops the timer and writes what is left. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await service.flush();
    },

    /** Clicks per link of one issue, for editors (who manage newsletters). */
    async ofIssue(user: Actor, issueId: number): Promise<Array<{ url: string; clicks: number }>> {
      authorize(user, 'newsletters.manage');
      await service.flush();
      return store.ofIssue(issueId);
    },
  };
  return service;
}

export type LinkClickService = ReturnType<typeof linkClickService>;
