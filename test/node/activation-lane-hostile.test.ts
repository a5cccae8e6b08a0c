import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalFeed } from '../../server/live/change-feed';
import { startHttpServer } from '../../server/node/http-server';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { createTestBackend, LIVE_FLOW } from './support/backend';

/**
 * Requests the activation lane must leave to the router, or answer as it does. Hono's router ends a
 * path at `#`, and the caller's channel is read from the URL's pathname, which ends there too.
 */
const BY_NAME = '/automation/flow/activate-by-name';
const body = JSON.stringify({ name: LIVE_FLOW.name });

async function backendWithActivations() {
  const backend = await createTestBackend({ live: { feed: createLocalFeed() } });
  const activations = async () => {
    const page = (await backend.console('GET', `/flows/${LIVE_FLOW.id}/activations`)).body as { items: unknown[] };
    return page.items.length;
  };
  return { backend, activations };
}

describe('a request target with a fragment (#)', () => {
  const targets = [`/api#x/y${BY_NAME}`, `/${DEMO_APP_KEYS.appId}/${DEMO_APP_KEYS.apiKeys.JS}#x${BY_NAME}`];

  it.each(targets)('%s is answered as the router answers it (404, no activation), not activated by the lane', async (target) => {
    const { backend, activations } = await backendWithActivations();
    const response = await backend.app.fetch(
      new Request(`http://backend.test${target}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
      }),
    );
    // Without a Content-Length the same request is routed: 404 { code: 4040 }.
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 4040 });
    expect(await activations()).toBe(0);
  });

  it('reaches the app through the Node server as sent (the adapter keeps the #)', async () => {
    const { backend, activations } = await backendWithActivations();
    const server = await startHttpServer({
      fetch: (request, env) => backend.app.fetch(request, env),
      distDir: mkdtempSync(join(tmpdir(), 'lane-dist-')),
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () =>
          socket.write(
            `POST /api#x/y${BY_NAME} HTTP/1.1\r\nHost: backend.test\r\ncontent-type: application/json\r\n` +
              `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
          ),
        );
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 404 /);
      expect(await activations()).toBe(0);
    } finally {
      await server.close(100);
    }
  });
});

describe('a Content-Length the lane and limitBody read differently (not reachable through Node, whose parser refuses it)', () => {
  it('2000000e-10 is 413 routed (parseInt: 2000000) and must not be taken by the lane (Number: 0.0002)', async () => {
    const { backend } = await backendWithActivations();
    const response = await backend.app.fetch(
      new Request(`http://backend.test/api${BY_NAME}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '2000000e-10' },
        body,
      }),
    );
    expect(response.status).toBe(413);
  });
});
