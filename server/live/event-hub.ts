import type { LiveEvent } from '../../contract/live';
import type { ChangeFeed } from './change-feed';

/** What one console's stream is sent: a change, or "refetch everything" (changes were missed). */
export type HubMessage = { type: 'change'; event: LiveEvent } | { type: 'refetch'; seq: number } | { type: 'close' };

export interface EventHubOptions {
  /** Changes kept for streams that resume (Last-Event-ID). */
  ringSize?: number;
  /**
   * Flow changes are also announced with who made them (over a database, by the flow service): the
   * announcement without `by` (the database's) is left out, so that consoles hear each change once.
   */
  flowsSaidBy?: boolean;
}

/**
 * The changes this instance heard, for the consoles' live streams: sent to every open stream, and
 * the latest `ringSize` kept so that a stream that reconnects (`Last-Event-ID`) gets what it missed.
 * Sessions are not announced: they are no console's business.
 */
export function createEventHub(feed: ChangeFeed, { ringSize = 1000, flowsSaidBy = false }: EventHubOptions = {}) {
  const ring: LiveEvent[] = [];
  // Changes numbered at or below it may be unknown here: a stream that last saw one refetches.
  let floor = feed.floor;
  let latest = feed.floor;
  const streams = new Set<(message: HubMessage) => void>();
  const send = (message: HubMessage) => streams.forEach((stream) => stream(message));

  feed.subscribe((event) => {
    if (event.type === 'reset') {
      ring.length = 0;
      floor = Math.max(feed.floor, latest);
      latest = floor;
      return send({ type: 'refetch', seq: latest });
    }
    latest = Math.max(latest, event.seq);
    if (event.change.kind === 'session' || event.change.kind === 'adminSession') return;
    if (flowsSaidBy && event.change.kind === 'flow' && event.change.by === undefined) return;
    ring.push({ seq: event.seq, ...event.change });
    if (ring.length > ringSize) floor = Math.max(floor, ring.shift()?.seq ?? floor);
    send({ type: 'change', event: ring.at(-1) as LiveEvent });
  });

  return {
    /** Where a new stream starts: the changes after `lastSeen` (or 'refetch' when some are gone), and the position now. */
    resume(lastSeen: number | undefined): { missed: LiveEvent[] | 'refetch'; latest: number } {
      if (lastSeen === undefined) return { missed: [], latest };
      if (lastSeen < floor || lastSeen > latest) return { missed: 'refetch', latest };
      return { missed: ring.filter((event) => event.seq > lastSeen), latest };
    },
    subscribe(stream: (message: HubMessage) => void): () => void {
      streams.add(stream);
      return () => void streams.delete(stream);
    },
    get streams(): number {
      return streams.size;
    },
    /** Ends every stream (shutdown): a server stopping must not wait for consoles to hang up. */
    close(): void {
      send({ type: 'close' });
      streams.clear();
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
