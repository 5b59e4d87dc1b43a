import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** `front`: a front's curation (pins); its id is the section's, 0 for the home page. `page`: a standing page (About, Privacy…). */
export type ContentEntity = 'article' | 'section' | 'author' | 'topic' | 'print_issue' | 'newsletter' | 'partner' | 'settings' | 'front' | 'page';

/** What became of an article readers can see: said with the change, for listeners that tell the outside world (webhooks, the fediverse). */
export type ArticleLifecycle = 'published' | 'updated' | 'unpublished';

/** Something readers can see changed; caches and search indexes listen. */
export interface ContentChange {
  entity: ContentEntity;
  id: number;
  /** Only in the process that made the change (the change feed does not carry it): an article published, saved while live, or unpublished. */
  action?: ArticleLifecycle;
}

/**
 * Things that happened in the newsroom and are not pages changing: told to listeners that tell
 * the outside world (webhooks), in the process where they happened.
 */
export type NewsroomHappening = { type: 'newsletter.issue.sent'; issueId: number } | { type: 'member.created' | 'member.updated'; readerId: number };

/** Where committed changes are written for the other processes of a site to read (the change feed). */
export interface ChangeJournal {
  append(origin: string, changes: ContentChange[], at: string): Promise<void>;
}

/**
 * Announces committed content changes inside this process and records each in the change feed,
 * so that other processes (a server, while the command line imports) hear of them too: being
 * the one way to announce a change, it is also the one way to record it, and none is forgotten.
 * Listeners (the render cache, the search index) must not throw; a failure there, or in
 * recording, must not undo a save.
 */
export class ContentEvents {
  // Every app built over the same services adds its caches' listeners (tests build dozens), which is no leak.
  readonly #emitter = new EventEmitter().setMaxListeners(100);
  readonly #journal: ChangeJournal | undefined;
  /** Changes waiting for the next write, one per thing: an import announces thousands in one turn. */
  readonly #queued = new Map<string, ContentChange>();
  #writes: Promise<void> = Promise.resolve();

  /** This services instance in the feed; the rows it wrote are not delivered back to it. */
  readonly origin = `${process.pid}-${randomUUID()}`;

  constructor(journal?: ChangeJournal) {
    this.#journal = journal;
  }

  onChange(listener: (change: ContentChange) => void): () => void {
    this.#emitter.on('change', listener);
    return () => this.#emitter.off('change', listener);
  }

  onHappening(listener: (happening: NewsroomHappening) => void): () => void {
    this.#emitter.on('happening', listener);
    return () => this.#emitter.off('happening', listener);
  }

  /** Tells this process's listeners of something committed that is not a page change (an issue sent, a member joining). */
  happened(happening: NewsroomHappening): void {
    this.#emitter.emit('happening', happening);
  }

  /** Told when recording a change failed: the change was made and announced here, but other processes miss it. */
  onJournalError(listener: (error: unknown) => void): () => void {
    this.#emitter.on('journal-error', listener);
    return () => this.#emitter.off('journal-error', listener);
  }

  /** Announces a change this process committed, here and (shortly after, batched) to every other process. */
  emit(change: ContentChange): void {
    this.#emitter.emit('change', change);
    if (this.#journal) this.#record(this.#journal, change);
  }

  /** Announces a change another process made and recorded, to this process only. */
  deliver(change: ContentChange): void {
    this.#emitter.emit('change', change);
  }

  /** Resolves once every change emitted so far is recorded (or its failure reported); await it before closing the database. */
  async recorded(): Promise<void> {
    // A write may queue after the one awaited (a change announced meanwhile).
    let writes: Promise<void>;
    do {
      writes = this.#writes;
      await writes;
    } while (writes !== this.#writes);
  }

  #record(journal: ChangeJournal, change: ContentChange): void {
    const first = this.#queued.size === 0;
    this.#queued.set(`${change.entity}:${change.id}`, change);
    if (first) this.#writes = this.#writes.then(() => this.#write(journal));
  }

  async #write(journal: ChangeJournal): Promise<void> {
    // The rest of a burst announced in this turn of the event loop joins the same write.
    await new Promise((resolve) => setImmediate(resolve));
    const batch = [...this.#queued.values()];
    this.#queued.clear();
    try {
      await journal.append(this.origin, batch, new Date().toISOString());
    } catch (error) {
      this.#emitter.emit('journal-error', error);
    }
  }
}
