import { EventEmitter } from 'node:events';

export type ContentEntity = 'article' | 'section' | 'author' | 'topic' | 'print_issue' | 'newsletter' | 'partner' | 'settings';

/** Something readers can see changed; caches and search indexes listen. */
export interface ContentChange {
  entity: ContentEntity;
  id: number;
}

/**
 * Announces committed content changes inside this process. Listeners (the render
 * cache, the search index) must not throw; a failure there must not undo a save.
 */
export class ContentEvents {
  // Every app built over the same services adds its caches' listeners (tests build dozens), which is no leak.
  readonly #emitter = new EventEmitter().setMaxListeners(100);

  onChange(listener: (change: ContentChange) => void): () => void {
    this.#emitter.on('change', listener);
    return () => this.#emitter.off('change', listener);
  }

  emit(change: ContentChange): void {
    this.#emitter.emit('change', change);
  }
}
