import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { LIVE_EVENTS, type LiveEvent } from '../../contract/live';
import type { EventHub, HubMessage } from './event-hub';

/** A comment now and then keeps proxies and idle timers from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;
/**
 * Changes sent in one `changes` event at most. A browser dispatches every event of a chunk of the
 * stream in one task: a bulk write's thousands of changes, one event each, made that task long.
 */
export const MAX_CHANGES_PER_EVENT = 250;
/** How soon EventSource reconnects after the stream ends. */
const RETRY_MS = 1_000;

const lastSeenOf = (header: string | undefined) => {
  const seen = header === undefined ? NaN : Number(header);
  return Number.isSafeInteger(seen) && seen >= 0 ? seen : undefined;
};

/**
 * `GET /api/console/events`: the live stream of changes for a signed-in console (behind the console
 * guard like every console route). A change is an event `change` whose id is its number; changes
 * queued together (a bulk write's) are one event `changes`, a JSON array of up to
 * MAX_CHANGES_PER_EVENT, whose id is its last one's number. A reconnecting EventSource sends the last
 * id (`Last-Event-ID`) and gets what it missed, or one event `refetch` when this instance no longer
 * has it all.
 */
export function eventRoutes(hub: EventHub) {
  return new Hono().get('/events', (c) => {
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, async (stream) => {
      let queue: (HubMessage | { type: 'heartbeat' })[] = [];
      let wake: (() => void) | undefined;
      const push = (message: HubMessage | { type: 'heartbeat' }) => {
        queue.push(message);
        wake?.();
      };
      const unsubscribe = hub.subscribe(push);
      const heartbeat = setInterval(() => push({ type: 'heartbeat' }), HEARTBEAT_MS);
      stream.onAbort(() => push({ type: 'close' }));
      const writeChanges = async (changes: readonly LiveEvent[]) => {
        for (let from = 0; from < changes.length; from += MAX_CHANGES_PER_EVENT) {
          const part = changes.slice(from, from + MAX_CHANGES_PER_EVENT);
          const id = String(part.at(-1)?.seq);
          await stream.writeSSE(
            part.length === 1
              ? { event: LIVE_EVENTS.change, data: JSON.stringify(part[0]), id }
              : { event: LIVE_EVENTS.changes, data: JSON.stringify(part), id },
          );
        }
      };
      try {
        const { missed, latest } = hub.resume(lastSeenOf(c.req.header('last-event-id')));
        await stream.writeSSE({ event: 'ready', data: '{}', id: String(latest), retry: RETRY_MS });
        if (missed === 'refetch') await stream.writeSSE({ event: LIVE_EVENTS.refetch, data: '{}', id: String(latest) });
        else await writeChanges(missed);
        for (;;) {
          if (queue.length === 0) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            continue;
          }
          const taken = queue;
          queue = [];
          // Consecutive changes go together; anything else is written in its place between them.
          let changes: LiveEvent[] = [];
          for (const message of taken) {
            if (message.type === 'change') {
              changes.push(message.event);
              continue;
            }
            await writeChanges(changes);
            changes = [];
            if (message.type === 'close') return;
            if (message.type === 'refetch')
              await stream.writeSSE({ event: LIVE_EVENTS.refetch, data: '{}', id: String(message.seq) });
            else await stream.write(': heartbeat\n\n');
          }
          await writeChanges(changes);
        }
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });
}
