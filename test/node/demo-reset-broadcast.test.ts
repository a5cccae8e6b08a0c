import { describe, expect, it } from 'vitest';
import type { BroadcastMessage, ChangeBroadcast } from '../../mocks/change-broadcast';
import { createDemoBackend } from '../../mocks/demo-backend';
import { readEvents } from './support/sse';

/** Two pages of one browser, as the demo's BroadcastChannel links them: a message reaches the others. */
function channelPair(): [ChangeBroadcast, ChangeBroadcast] {
  const pages = [new Set<(message: BroadcastMessage) => void>(), new Set<(message: BroadcastMessage) => void>()];
  const end = (own: number): ChangeBroadcast => ({
    post: (message) => pages[1 - own]?.forEach((listener) => listener(structuredClone(message))),
    subscribe(onMessage) {
      pages[own]?.add(onMessage);
      return () => void pages[own]?.delete(onMessage);
    },
  });
  return [end(0), end(1)];
}

describe('the demo across pages of one browser', () => {
  it("tells the other page's console to refetch everything when one page resets the demo data", async () => {
    const [one, other] = channelPair();
    const first = createDemoBackend({}, null, one);
    const second = createDemoBackend({}, null, other);
    const response = await second.fetch(new Request('http://demo.local/api/console/events'));
    expect(response.status).toBe(200);
    const events = readEvents(response);
    expect((await events.next()).event).toBe('ready');

    first.reset();

    expect((await events.next()).event).toBe('refetch');
    await events.close();
  });
});
