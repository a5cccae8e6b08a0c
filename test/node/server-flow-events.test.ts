import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/node/start';
import { ADMIN, signIn, startTestServer, tempDataDir } from './support/server';
import { readEvents } from './support/sse';

/**
 * Over a database, the flows table does not say who changed a flow: the flow service announces it with
 * `by`, and the consoles hear each flow change once, from that announcement.
 */

let server: RunningServer;
let data: { dir: string; remove(): void };

beforeAll(async () => {
  data = tempDataDir();
  server = await startTestServer({ dataDir: data.dir }, null);
});
afterAll(async () => {
  await server.stop();
  data.remove();
});

describe('flow changes on the live stream of a served console (PGlite)', () => {
  it('say who made them, once each', async () => {
    const authorization = `Bearer ${await signIn(server.url)}`;
    const send = (method: string, path: string, body: unknown) =>
      fetch(`${server.url}/api/console${path}`, {
        method,
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const events = readEvents(await fetch(`${server.url}/api/console/events`, { headers: { authorization } }));
    expect((await events.next()).event).toBe('ready');

    const created = await send('POST', '/flows', { name: 'Live Lists', description: '', status: 'READY' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await send('PATCH', `/flows/${id}`, { name: 'Live Lists 2' })).status).toBe(200);
    // A change that follows, to know no second announcement of the rename came in between.
    expect((await send('PUT', '/app-permissions/RestUser', { value: 'deny' })).status).toBe(200);

    const said = { kind: 'flow', flowId: id, by: ADMIN.email };
    expect(JSON.parse((await events.next()).data)).toEqual(expect.objectContaining(said));
    expect(JSON.parse((await events.next()).data)).toEqual(expect.objectContaining(said));
    expect(JSON.parse((await events.next()).data)).toMatchObject({ kind: 'appWide', role: 'RestUser' });
    await events.close();
  });
});
