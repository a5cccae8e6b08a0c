import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { LIVE_EVENTS } from '../../contract/live';
import type { EventHub, HubMessage } from './event-hub';

/** A comment now and then keeps proxies and idle timers from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;
/** How soon EventSource reconnects after the stream ends. */
const RETRY_MS = 1_000;

const lastSeenOf = (header: string | undefined) => {
  const seen = header === undefined ? NaN : Number(header);
  return Number.isSafeInteger(seen) && seen >= 0 ? seen : undefined;
};

/**
 * `GET /api/console/events`: the live stream of changes for a signed-in console (behind the console
 * guard like every console route). Each change is an event `change` whose id is its number; a
 * reconnecting EventSource sends the last one (`Last-Event-ID`) and gets what it missed, or one
 * event `refetch` when this instance no longer has it all.
 */
export function eventRoutes(hub: EventHub) {
  return new Hono().get('/events', (c) => {
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: (HubMessage | { type: 'heartbeat' })[] = [];
      let wake: (() => void) | undefined;
      const push = (message: HubMessage | { type: 'heartbeat' }) => {
        queue.push(message);
        wake?.();
      };
      const unsubscribe = hub.subscribe(push);
      const heartbeat = setInterval(() => push({ type: 'heartbeat' }), HEARTBEAT_MS);
      stream.onAbort(() => push({ type: 'close' }));
      try {
        const { missed, latest } = hub.resume(lastSeenOf(c.req.header('last-event-id')));
        await stream.writeSSE({ event: 'ready', data: '{}', id: String(latest), retry: RETRY_MS });
        if (missed === 'refetch') await stream.writeSSE({ event: LIVE_EVENTS.refetch, data: '{}', id: String(latest) });
        else
          for (const event of missed)
            await stream.writeSSE({ event: LIVE_EVENTS.change, data: JSON.stringify(event), id: String(event.seq) });
        for (;;) {
          const message = queue.shift();
          if (!message) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            continue;
          }
          if (message.type === 'close') break;
          if (message.type === 'refetch') {
            await stream.writeSSE({ event: LIVE_EVENTS.refetch, data: '{}', id: String(message.seq) });
          } else if (message.type === 'heartbeat') {
            await stream.write(': heartbeat\n\n');
          } else {
            const { event } = message;
            await stream.writeSSE({ event: LIVE_EVENTS.change, data: JSON.stringify(event), id: String(event.seq) });
          }
        }
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });
}
