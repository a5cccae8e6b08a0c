import { describe, expect, it } from 'vitest';
import { appKeysAnswerSchema, appKeysSchema } from '../../contract/manage';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { DEMO_APP_KEYS, generateAppKeys, type AppKeys } from '../../server/runtime/api-keys';
import { testSeed } from './support/backend';
import { createMemoryStore } from '../../server/store/memory/memory-store';

async function appKeysOf(keys: AppKeys) {
  const app = createApp({ store: createMemoryStore(await testSeed()), keys, consoleAuth: demoConsoleAuth() });
  const response = await app.fetch(new Request('http://server.test/api/console/app-keys'));
  expect(response.status).toBe(200);
  return appKeysAnswerSchema.parse(await response.json());
}

describe('GET /api/console/app-keys says whether the public demo keys are in use', () => {
  it('demoKeys is true with the demo keys, and the keys are unchanged', async () => {
    const answer = await appKeysOf(DEMO_APP_KEYS);
    expect(answer.demoKeys).toBe(true);
    expect(appKeysSchema.parse(answer)).toEqual(DEMO_APP_KEYS);
  });

  it('demoKeys is false with keys of the app’s own', async () => {
    const own = generateAppKeys();
    expect(await appKeysOf(own)).toEqual({ ...own, demoKeys: false });
  });

  it('demoKeys is true while any one channel keeps its demo key, whatever its case', async () => {
    const own = generateAppKeys();
    const mixed = { appId: own.appId, apiKeys: { ...own.apiKeys, ServerCode: DEMO_APP_KEYS.apiKeys.ServerCode.toLowerCase() } };
    expect((await appKeysOf(mixed)).demoKeys).toBe(true);
  });
});
