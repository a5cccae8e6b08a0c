import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../../server/auth/password-hasher';
import { ErrorCode } from '../../server/http/errors';
import { nodeClientAddress } from '../../server/node/client-address';
import type { RunningServer } from '../../server/node/start';
import { SEEDED_USERS, testHasher, testSeed } from './support/backend';
import { call, signIn, tempDataDir } from './support/server';
import { startServer } from '../../server/node/start';
import { testConfig } from './support/server';
import type { Context } from 'hono';

/** The server's one gate for password hashing: a bounded number at once, a short queue, then 503. */

let held: Promise<void> | undefined;
let release = () => {};
/** Checks wait while `held` is set, so the test decides when a hash ends. */
const holdingHasher: PasswordHasher = {
  hash: (password) => testHasher.hash(password),
  async verify(password, stored) {
    await held;
    return testHasher.verify(password, stored);
  },
};

const data = tempDataDir();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(testConfig({ dataDir: data.dir, hashConcurrency: 1, hashQueue: 2 }), {
    hasher: holdingHasher,
    log: () => undefined,
    seed: await testSeed(),
  });
});
afterAll(async () => {
  await server.stop();
  data.remove();
});

describe('the hash gate', () => {
  it('answers logins beyond the gate and its queue 503 at once, and other requests go on', async () => {
    const token = await signIn(server.url);
    held = new Promise((resolve) => (release = resolve));
    const login = () =>
      call(server.url, 'POST', '/api/users/login', { body: { login: SEEDED_USERS.plain.email, password: 'wrong' } });
    const admitted = [login(), login(), login()];
    const refused = await Promise.all([login(), login()]);
    for (const answer of refused) {
      expect(answer).toMatchObject({ status: 503, body: { code: ErrorCode.busy } });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await call(server.url, 'GET', '/api/console/flows', { token })).status).toBe(200);
    held = undefined;
    release();
    expect((await Promise.all(admitted)).map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect((await login()).status).toBe(401);
  });
});

describe('the caller address on Node', () => {
  const context = (remoteAddress: string, forwarded?: string) =>
    ({
      env: { incoming: { socket: { remoteAddress } } },
      req: { header: (name: string) => (name === 'x-forwarded-for' ? forwarded : undefined) },
    }) as unknown as Context;

  it("is the socket's, or behind a trusted proxy X-Forwarded-For's last hop", () => {
    expect(nodeClientAddress({ trustProxy: false })(context('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
    expect(nodeClientAddress({ trustProxy: true })(context('10.0.0.1', '6.6.6.6, 1.2.3.4'))).toBe('1.2.3.4');
    expect(nodeClientAddress({ trustProxy: true })(context('10.0.0.1'))).toBe('10.0.0.1');
  });
});
