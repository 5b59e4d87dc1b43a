import type { Agent, Page } from './view-reading.js';

/**
 * Views noted and not yet written, a column per field: noting a view pushes references the
 * listener already holds (the remembered page, agent and referrer host), and makes no object.
 */
export class PendingViews {
  /** Unix milliseconds. */
  at: number[] = [];
  page: Page[] = [];
  /** The referrer's host, '' for none or this site. */
  referrerHost: string[] = [];
  agent: Agent[] = [];
  /** The client's address, or null for a reader who asked not to be tracked (counted without a visitor id). */
  address: Array<string | null> = [];

  get length(): number {
    return this.at.length;
  }

  push(at: number, page: Page, referrerHost: string, agent: Agent, address: string | null): void {
    this.at.push(at);
    this.page.push(page);
    this.referrerHost.push(referrerHost);
    this.agent.push(agent);
    this.address.push(address);
  }

  /** Forgets the oldest `count` views. */
  dropOldest(count: number): void {
    this.at.splice(0, count);
    this.page.splice(0, count);
    this.referrerHost.splice(0, count);
    this.agent.splice(0, count);
    this.address.splice(0, count);
  }

  /** Puts `older` (a batch that could not be written) back before the views noted since. */
  prepend(older: PendingViews): void {
    this.at = older.at.concat(this.at);
    this.page = older.page.concat(this.page);
    this.referrerHost = older.referrerHost.concat(this.referrerHost);
    this.agent = older.agent.concat(this.agent);
    this.address = older.address.concat(this.address);
  }
}
