import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appKeysSchema } from '../../contract/manage';
import { CHANNELS } from '../../domain/caller';
import { ErrorCode } from '../../server/http/errors';
import { startServer, StartError } from '../../server/node/start';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { testHasher } from './support/backend';
import { call, signIn, startTestServer, tempDataDir, testConfig } from './support/server';

/**
 * `npm run serve` in this process, each test with a server (and a PGlite database) of its own; apart
 * from server.test.ts, whose tests share one, so that the two files can run at the same time.
 */

describe('console sign-in', () => {
  it('ends a session at its expiry', async () => {
    const quick = tempDataDir();
    const short = await startTestServer({ dataDir: quick.dir, sessionTtlMs: 1_000 }, null);
    try {
      // The server runs in this process and reads the time from Date: stop the clock, then move it
      // on, so that no test waits for a session to expire and a slow machine cannot outrun the TTL.
      const start = Date.now();
      vi.useFakeTimers({ toFake: ['Date'], now: start });
      const early = await signIn(short.url);
      expect((await call(short.url, 'GET', '/api/console/flows', { token: early })).status).toBe(200);
      vi.setSystemTime(start + 900);
      expect((await call(short.url, 'GET', '/api/console/flows', { token: early })).status).toBe(200);
      vi.setSystemTime(start + 1_100);
      expect(await call(short.url, 'GET', '/api/console/flows', { token: early })).toMatchObject({
        status: 401,
        body: { code: ErrorCode.signInRequired, message: 'Your session has expired or ended: sign in again' },
      });
    } finally {
      vi.useRealTimers();
      await short.stop();
      quick.remove();
    }
  });
});

describe('app keys', () => {
  it('gives a database without the demo dataset its own random keys: the demo keys are refused', async () => {
    const dir = tempDataDir();
    const lines: string[] = [];
    const own = await startServer(testConfig({ dataDir: dir.dir, seed: 'none' }), {
      hasher: testHasher,
      log: (line) => lines.push(line),
    });
    try {
      const adminToken = await signIn(own.url);
      const keys = appKeysSchema.parse((await call(own.url, 'GET', '/api/console/app-keys', { token: adminToken })).body);
      expect(keys.appId).not.toBe(DEMO_APP_KEYS.appId);
      for (const channel of CHANNELS) {
        expect(keys.apiKeys[channel]).toMatch(/^[0-9A-F-]{36}$/);
        expect(keys.apiKeys[channel]).not.toBe(DEMO_APP_KEYS.apiKeys[channel]);
      }
      expect(lines.join('\n')).toContain(keys.apiKeys.ServerCode);

      const info = (appId: string, apiKey: string) => call(own.url, 'GET', `/${appId}/${apiKey}/info`);
      const demo = DEMO_APP_KEYS.apiKeys;
      expect(await info(DEMO_APP_KEYS.appId, demo.JS)).toMatchObject({ status: 401, body: { code: ErrorCode.unknownApiKey } });
      expect(await info(keys.appId, demo.ServerCode)).toMatchObject({ status: 401, body: { code: ErrorCode.unknownApiKey } });
      const callFlow = (apiKey: string) =>
        call(own.url, 'POST', `/${DEMO_APP_KEYS.appId}/${apiKey}/automation/flow/f1/call-flow`, {
          body: { sessionSource: 'none' },
        });
      expect(await callFlow(demo.ServerCode)).toMatchObject({ status: 401, body: { code: ErrorCode.unknownApiKey } });
      expect((await info(keys.appId, keys.apiKeys.JS)).status).toBe(200);
      expect((await info(keys.appId, keys.apiKeys.ServerCode)).status).toBe(200);
      await own.stop();

      // The keys stay with the database, printed only when made; the environment can override some.
      lines.length = 0;
      const override = { appId: 'MY-APP-ID', apiKeys: { REST: 'my-rest-key-0123456789' } };
      const again = await startServer(testConfig({ dataDir: dir.dir, seed: 'none', appKeys: override }), {
        hasher: testHasher,
        log: (line) => lines.push(line),
      });
      try {
        expect(lines.join('\n')).not.toContain(keys.apiKeys.ServerCode);
        expect((await call(again.url, 'GET', `/MY-APP-ID/my-rest-key-0123456789/info`)).status).toBe(200);
        expect((await call(again.url, 'GET', `/MY-APP-ID/${keys.apiKeys.JS}/info`)).status).toBe(200);
        expect((await call(again.url, 'GET', `/${keys.appId}/${keys.apiKeys.JS}/info`)).status).toBe(401);
        const shown = await call(again.url, 'GET', '/api/console/app-keys', { token: await signIn(again.url) });
        expect(shown.body).toEqual({
          appId: 'MY-APP-ID',
          apiKeys: { ...keys.apiKeys, REST: 'my-rest-key-0123456789' },
          demoKeys: false,
        });
      } finally {
        await again.stop();
      }
    } finally {
      await own.stop();
      dir.remove();
    }
  });
});

describe('starting', () => {
  it('refuses to start without the built console', async () => {
    const empty = tempDataDir();
    const missing = join(empty.dir, 'dist');
    try {
      await expect(startServer(testConfig({ distDir: missing }), { log: () => undefined })).rejects.toThrow(StartError);
      await expect(startServer(testConfig({ distDir: missing }), { log: () => undefined })).rejects.toThrow(
        'run `npm run build`',
      );
    } finally {
      empty.remove();
    }
  });

  it('gives a new database the demo dataset, or nothing with SEED=none, and keeps what it has on restart', async () => {
    const dir = tempDataDir();
    try {
      const empty = await startTestServer({ dataDir: dir.dir, seed: 'none' });
      const flows = async (url: string) =>
        ((await call(url, 'GET', '/api/console/flows', { token: await signIn(url) })).body as { total: number }).total;
      expect(await flows(empty.url)).toBe(0);
      await empty.stop();
      const again = await startTestServer({ dataDir: dir.dir, seed: 'demo' });
      expect(await flows(again.url)).toBe(0);
      await again.stop();
    } finally {
      dir.remove();
    }
    const demo = tempDataDir();
    try {
      const seeded = await startTestServer({ dataDir: demo.dir, seed: 'demo' });
      const answer = await call(seeded.url, 'GET', '/api/console/flows', { token: await signIn(seeded.url) });
      expect(answer.body).toMatchObject({
        total: 12,
        items: expect.arrayContaining([expect.objectContaining({ name: 'Send Welcome Email' })]),
      });
      await seeded.stop();
    } finally {
      demo.remove();
    }
  });
});
