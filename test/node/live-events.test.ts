import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { createLocalFeed } from '../../server/live/change-feed';
import { createEventHub } from '../../server/live/event-hub';
import { MAX_CHANGES_PER_EVENT } from '../../server/live/event-routes';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import { LIVE_FLOW, SEEDED_USERS, testHasher, testSeed } from './support/backend';
import { readEvents } from './support/sse';

/** `GET /api/console/events`: the console's live stream of changes, its resumption and its end. */

async function backend({ ringSize }: { ringSize?: number } = {}) {
  const feed = createLocalFeed();
  const events = createEventHub(feed, ringSize === undefined ? {} : { ringSize });
  const app = createApp({
    store: createMemoryStore(await testSeed()),
    hasher: testHasher,
    keys: DEMO_APP_KEYS,
    consoleAuth: demoConsoleAuth(),
    live: { feed, publish: feed.publish },
    events,
  });
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.fetch(
      new Request(`http://backend.test/api/console${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const stream = async (lastEventId?: string) => {
    const response = await request(
      'GET',
      '/events',
      undefined,
      lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    return readEvents(response);
  };
  return { app, events, feed, request, stream };
}

const userPath = `/flows/${LIVE_FLOW.id}/permissions/users/${SEEDED_USERS.manager.id}`;

describe('the live stream', () => {
  it('announces a value with its version and who changed it, then app-wide values, roles and members', async () => {
    const { request, stream } = await backend();
    const events = await stream();
    expect((await events.next()).event).toBe('ready');
    expect((await request('PUT', userPath, { value: 'deny' })).status).toBe(200);
    const change = await events.next();
    expect(change.event).toBe('change');
    expect(JSON.parse(change.data)).toMatchObject({
      kind: 'value',
      flowId: LIVE_FLOW.id,
      principal: `user:${SEEDED_USERS.manager.id}`,
      value: 'deny',
      version: 1,
      by: 'demo-admin@example.com',
    });
    expect(change.id).toBe(String(JSON.parse(change.data).seq));
    expect((await request('PUT', '/app-permissions/RestUser', { value: 'deny' })).status).toBe(200);
    expect(JSON.parse((await events.next()).data)).toMatchObject({ kind: 'appWide', role: 'RestUser', value: 'deny' });
    await events.close();
  });

  it('announces a renamed flow, its status and its deletion with who changed them, once each', async () => {
    const { request, stream } = await backend();
    const events = await stream();
    expect((await events.next()).event).toBe('ready');
    const created = await request('POST', '/flows', { name: 'Live Lists', description: '', status: 'READY' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const flowEvent = { kind: 'flow', flowId: id, by: 'demo-admin@example.com' };
    expect(JSON.parse((await events.next()).data)).toMatchObject(flowEvent);
    expect((await request('PATCH', `/flows/${id}`, { name: 'Live Lists 2' })).status).toBe(200);
    expect(JSON.parse((await events.next()).data)).toMatchObject(flowEvent);
    expect((await request('PUT', `/flows/${id}/status`, { status: 'NOT READY' })).status).toBe(200);
    expect(JSON.parse((await events.next()).data)).toMatchObject(flowEvent);
    expect((await request('DELETE', `/flows/${id}`)).status).toBe(204);
    expect(JSON.parse((await events.next()).data)).toMatchObject(flowEvent);
    // No second announcement of the same change (the store no longer announces flows itself).
    expect((await request('PUT', '/app-permissions/RestUser', { value: 'deny' })).status).toBe(200);
    expect(JSON.parse((await events.next()).data)).toMatchObject({ kind: 'appWide' });
    await events.close();
  });

  it('announces every value a batch write changed, together in one event', async () => {
    const { request, stream } = await backend();
    const events = await stream();
    await events.next((event) => event.event === 'ready');
    const batch = await request('POST', '/permissions/batch', {
      changes: [
        { flowId: LIVE_FLOW.id, principal: { kind: 'role', name: 'Manager' }, value: 'deny' },
        { flowId: LIVE_FLOW.id, principal: { kind: 'user', id: SEEDED_USERS.plain.id }, value: 'grant' },
      ],
    });
    expect(batch.status).toBe(200);
    const together = await events.next();
    expect(together.event).toBe('changes');
    const announced = JSON.parse(together.data) as unknown[];
    expect(announced).toHaveLength(2);
    expect(announced).toMatchObject([
      { kind: 'value', principal: 'role:Manager', value: 'deny', version: 1 },
      { kind: 'value', principal: `user:${SEEDED_USERS.plain.id}`, value: 'grant', version: 1 },
    ]);
    await events.close();
  });

  it('announces a burst of changes in a few events of many (one event each made a browser stop answering)', async () => {
    const { feed, stream } = await backend({ ringSize: 5_000 });
    const events = await stream();
    const ready = await events.next((event) => event.event === 'ready');
    // A bulk write of 1,200 users, announced as it commits: all at once.
    const COUNT = 1_200;
    const value = (index: number) =>
      ({
        kind: 'value',
        flowId: LIVE_FLOW.id,
        principal: `user:u_${index}`,
        value: 'deny',
        version: 1,
        by: 'a@example.com',
      }) as const;
    for (let index = 0; index < COUNT; index++) feed.publish(value(index));
    const taken = async (from: ReturnType<typeof readEvents>) => {
      const announced: { seq: number; principal: string }[] = [];
      let eventsRead = 0;
      while (announced.length < COUNT) {
        const event = await from.next((event) => event.event === 'changes' || event.event === 'change');
        eventsRead++;
        const data = JSON.parse(event.data) as { seq: number; principal: string } | { seq: number; principal: string }[];
        const list = Array.isArray(data) ? data : [data];
        // Its id is the last one's number: a reconnecting stream resumes after it.
        expect(event.id).toBe(String(list.at(-1)?.seq));
        announced.push(...list);
      }
      return { announced, eventsRead };
    };
    const live = await taken(events);
    expect(live.announced.map((change) => change.principal)).toEqual(
      Array.from({ length: COUNT }, (_, index) => `user:u_${index}`),
    );
    expect(live.eventsRead).toBeLessThanOrEqual(Math.ceil(COUNT / MAX_CHANGES_PER_EVENT) + 1);
    await events.close();
    // A stream that resumes gets what it missed the same way.
    const resumed = await stream(ready.id);
    await resumed.next((event) => event.event === 'ready');
    const missed = await taken(resumed);
    expect(missed.announced).toEqual(live.announced);
    expect(missed.eventsRead).toBeLessThanOrEqual(Math.ceil(COUNT / MAX_CHANGES_PER_EVENT));
    await resumed.close();
  });

  it('gives a reconnecting stream what it missed, or tells it to refetch when that is gone', async () => {
    const { request, stream } = await backend({ ringSize: 2 });
    const first = await stream();
    const ready = await first.next();
    await first.close();
    expect((await request('PUT', userPath, { value: 'deny' })).status).toBe(200);
    const resumed = await stream(ready.id);
    expect((await resumed.next()).event).toBe('ready');
    expect(JSON.parse((await resumed.next()).data)).toMatchObject({ kind: 'value', value: 'deny' });
    await resumed.close();
    for (const value of ['grant', null, 'deny'] as const) {
      expect((await request('PUT', userPath, { value })).status).toBe(200);
    }
    const late = await stream(ready.id);
    await late.next((event) => event.event === 'ready');
    expect((await late.next()).event).toBe('refetch');
    await late.close();
  });

  it('ends every stream when the hub closes (shutdown)', async () => {
    const { events, stream } = await backend();
    const open = await stream();
    await open.next();
    expect(events.streams).toBe(1);
    events.close();
    await expect(open.next()).rejects.toThrow('The stream ended');
  });
});
