import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { ErrorCode } from '../../server/http/errors';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import { LIVE_FLOW, testHasher, testSeed } from './support/backend';

async function appWith(options: { now?: () => Date; newId?: () => string } = {}) {
  const store = createMemoryStore(await testSeed());
  return createApp({ store, hasher: testHasher, keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth(), ...options });
}

async function send(
  app: Awaited<ReturnType<typeof appWith>>,
  method: string,
  path: string,
  init: { body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {},
) {
  const response = await app.fetch(new Request(`http://edge.test${path}`, { method, ...init }));
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const json = { 'content-type': 'application/json' };

describe('the HTTP edge', () => {
  it('reads a JSON body sent without a Content-Type', async () => {
    const app = await appWith();
    // Bytes, not a string: fetch would mark a string body text/plain, which the console refuses (415).
    const renamed = await send(app, 'PATCH', `/api/console/flows/${LIVE_FLOW.id}`, {
      body: new TextEncoder().encode(JSON.stringify({ name: 'Renamed' })),
    });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Renamed' } });
  });

  it('accepts an empty body where the route allows one, even marked as JSON', async () => {
    const app = await appWith();
    const started = await send(app, 'POST', `/api/automation/flow/${LIVE_FLOW.id}/activate`, { body: '', headers: json });
    expect(started).toMatchObject({ status: 200, body: { executionId: expect.any(String) } });
  });

  it('answers malformed JSON with 1001 and a refused body with 1000 naming the field', async () => {
    const app = await appWith();
    const path = `/api/console/flows/${LIVE_FLOW.id}`;
    expect(await send(app, 'PATCH', path, { body: '{not json', headers: json })).toMatchObject({
      status: 400,
      body: { code: ErrorCode.malformedJson, message: 'The request body is not valid JSON' },
    });
    const refused = await send(app, 'PATCH', path, { body: JSON.stringify({ name: 42 }), headers: json });
    expect(refused).toMatchObject({ status: 400, body: { code: ErrorCode.invalidRequest } });
    expect(refused.body?.message).toMatch(/^name: /);
  });

  it('answers a refused query and an over-long Idempotency-Key with 400', async () => {
    const app = await appWith();
    const query = await send(app, 'GET', '/api/console/flows?limit=100000');
    expect(query).toMatchObject({ status: 400, body: { code: ErrorCode.invalidRequest } });
    expect(query.body?.message).toMatch(/^limit: /);
    const write = await send(app, 'PUT', `/api/console/flows/${LIVE_FLOW.id}/permissions/roles/Manager`, {
      body: JSON.stringify({ value: 'deny' }),
      headers: { ...json, 'idempotency-key': 'k'.repeat(101) },
    });
    expect(write).toMatchObject({
      status: 400,
      body: { code: ErrorCode.invalidRequest, message: 'Idempotency-Key must be at most 100 characters' },
    });
  });
});

describe('the injected clock and id generator', () => {
  it('date the history and name new flows', async () => {
    const app = await appWith({ now: () => new Date('2030-01-02T03:04:05.000Z'), newId: () => 'FIXED-ID' });
    const created = await send(app, 'POST', '/api/console/flows', { body: JSON.stringify({ name: 'New flow' }), headers: json });
    expect(created).toMatchObject({ status: 201, body: { id: 'fl_fixed-id' } });
    await send(app, 'PUT', `/api/console/flows/${LIVE_FLOW.id}/permissions/roles/Manager`, {
      body: JSON.stringify({ value: 'deny' }),
      headers: json,
    });
    const history = await send(app, 'GET', `/api/console/flows/${LIVE_FLOW.id}/history`);
    expect(history.body?.items).toMatchObject([{ at: '2030-01-02T03:04:05.000Z', to: 'deny' }]);
  });
});
