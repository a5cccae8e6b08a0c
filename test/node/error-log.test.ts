import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import { testHasher, testSeed } from './support/backend';

/** A failed database statement is logged as one line: never its parameters (a password hash), never a stack. */

afterEach(() => {
  vi.restoreAllMocks();
});

/** What a driver's error carries when an insert fails: the statement and its parameters. */
class DriverError extends Error {
  code = '23514';
  query = 'INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)';
  params: unknown[];
  constructor(passwordHash: string) {
    super('new row violates check constraint "users_email_check"');
    this.params = ['id-1', 'new@example.com', passwordHash];
  }
}

describe('the error log', () => {
  it('writes one line per failed request, with no parameter, hash or stack', async () => {
    const store = createMemoryStore(await testSeed());
    let hash = '';
    vi.spyOn(store, 'createUser').mockImplementation(async (user) => {
      hash = user.passwordHash;
      throw new DriverError(user.passwordHash);
    });
    const consoleLines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      consoleLines.push(
        args.map((arg) => (arg instanceof Error ? `${arg.stack} ${JSON.stringify(arg)}` : String(arg))).join(' '),
      );
    });
    const app = createApp({ store, hasher: testHasher, keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth() });
    const response = await app.fetch(
      new Request('http://log.test/api/users/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'new@example.com', password: 'secret-1234' }),
      }),
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 5000, message: 'Something went wrong on the server' });
    expect(hash).toMatch(/^pbkdf2/);
    expect(consoleLines).toHaveLength(1);
    const [line = ''] = consoleLines;
    expect(line).not.toContain('\n');
    expect(line).not.toContain(hash);
    expect(line).not.toContain('pbkdf2');
    expect(line).not.toMatch(/\bat .*\.ts:\d+/);
    expect(JSON.parse(line)).toMatchObject({ event: 'request failed', sqlState: '23514', path: '/api/users/register' });
  });
});
