import type { LiveChange } from '../../contract/live';

/** A change as the server sees it: what consoles are told, plus the end of an app user's or a console session. */
export type Change = LiveChange | { kind: 'session'; tokenHash: string } | { kind: 'adminSession'; tokenHash: string };

export type FeedEvent =
  /** A committed change, numbered in the order of announcements. */
  | { type: 'change'; seq: number; change: Change }
  /** Changes may have been missed (the notification connection was lost and is back): reload everything. */
  | { type: 'reset' };

/**
 * The committed changes of every server instance over one database, as they come. `live` is false
 * while changes may be missed: whoever keeps state from the feed must not trust it then.
 */
export interface ChangeFeed {
  readonly live: boolean;
  /**
   * Every change numbered above this has been or will be delivered (since the feed started, or
   * since its last reset); of those at or below it, this feed knows nothing.
   */
  readonly floor: number;
  subscribe(listener: (event: FeedEvent) => void): () => void;
}

/** One process's feed (the memory store, PGlite): changes are published by whoever made them. */
export interface LocalFeed extends ChangeFeed {
  publish(change: Change): void;
  /** The data was replaced under the feed (the demo's reset in another page): everyone reloads. */
  reset(): void;
}

/** Calls every listener, in order; one listener's failure does not keep the change from the others. */
export function createListeners() {
  const listeners = new Set<(event: FeedEvent) => void>();
  return {
    add(listener: (event: FeedEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(event: FeedEvent) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          console.error(error);
        }
      }
    },
  };
}

export function createLocalFeed(): LocalFeed {
  const listeners = createListeners();
  let seq = 0;
  return {
    live: true,
    floor: 0,
    subscribe: listeners.add,
    publish(change) {
      listeners.emit({ type: 'change', seq: ++seq, change });
    },
    reset() {
      listeners.emit({ type: 'reset' });
    },
  };
}
