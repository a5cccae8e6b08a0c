import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TIMING_LINE, type TimingSummary } from '../../server/node/request-timing';
import { call, signIn, spawnServer, startServerProcess, tempDataDir, type ServerProcess } from './support/server';

/** `npm run serve` as a real process: it survives `kill -9` without losing an answered write, and stops cleanly. */

const started: ServerProcess[] = [];
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
  for (const dir of dirs.splice(0)) dir.remove();
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess(env);
  started.push(server);
  return server;
}

const FLOW = { id: 'fl_0001', name: 'Send Welcome Email' };
const anonymousActivation = (url: string) =>
  call(url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: FLOW.name } });

describe('npm run serve', () => {
  it('keeps a write answered with 200 through kill -9 and a restart, and still enforces it', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const first = await start({ DATA_DIR: data.dir });
    expect(first.output()).toContain('loaded the demo dataset');
    const token = await signIn(first.url);
    expect((await anonymousActivation(first.url)).status).toBe(200);
    const path = `/api/console/flows/${FLOW.id}/permissions/roles/NonAuthenticatedUser`;
    expect((await call(first.url, 'PUT', path, { token, body: { value: 'deny' } })).status).toBe(200);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await start({ DATA_DIR: data.dir });
    expect(second.output()).not.toContain('loaded the demo dataset');
    // Sessions are in the database too: the administrator is still signed in.
    expect(await call(second.url, 'GET', path, { token })).toMatchObject({ status: 200 });
    const roles = await call(second.url, 'GET', `/api/console/flows/${FLOW.id}/permissions/roles`, { token });
    expect((roles.body as { items: { name: string; value: string | null }[] }).items).toContainEqual(
      expect.objectContaining({ name: 'NonAuthenticatedUser', value: 'deny' }),
    );
    expect(await anonymousActivation(second.url)).toMatchObject({ status: 403, body: { code: 4031 } });
  });

  it('stops cleanly on SIGTERM, and its DATA_DIR opens again at once', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const server = await start({ DATA_DIR: data.dir, SEED: 'none' });
    expect(server.output()).toMatch(/Listening on http:\/\/127\.0\.0\.1:\d+/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const again = await start({ DATA_DIR: data.dir, SEED: 'none' });
    expect((await call(again.url, 'GET', '/api/console/flows', { token: await signIn(again.url) })).body).toMatchObject({
      total: 0,
    });
  });

  it('exits 1, saying to build, when dist/ is missing; and prints a generated password once', async () => {
    const empty = tempDataDir();
    dirs.push(empty);
    const spawned = spawnServer({ DATA_DIR: join(empty.dir, 'data') }, empty.dir);
    expect(await spawned.exited).toEqual({ code: 1, signal: null });
    expect(spawned.output()).toContain('run `npm run build`');

    const data = tempDataDir();
    dirs.push(data);
    const generated = await start({ DATA_DIR: data.dir, SEED: 'none', ADMIN_PASSWORD: '' });
    const password = /created with the password: (\S+)/.exec(generated.output())?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await signIn(generated.url, { email: 'admin@example.com', password })).toEqual(expect.any(String));
    generated.child.kill('SIGTERM');
    await generated.exited;
    const restarted = await start({ DATA_DIR: data.dir, SEED: 'none', ADMIN_PASSWORD: '' });
    expect(restarted.output()).not.toContain('password');
    expect(await signIn(restarted.url, { email: 'admin@example.com', password })).toEqual(expect.any(String));
  });

  it('with REQUEST_TIMING=1, prints what it measured of its own requests on SIGUSR2 and starts counting again', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const server = await start({ DATA_DIR: data.dir, SEED: 'demo', REQUEST_TIMING: '1' });
    for (let index = 0; index < 5; index++) expect((await anonymousActivation(server.url)).status).toBe(200);
    const summaries = async (count: number) => {
      server.child.kill('SIGUSR2');
      await expect.poll(() => server.output().split(TIMING_LINE).length - 1, { timeout: 30_000 }).toBe(count);
      return server
        .output()
        .split(TIMING_LINE)
        .slice(1)
        .map((line) => JSON.parse(line.split('\n', 1)[0] ?? '') as TimingSummary);
    };
    const [first] = await summaries(1);
    expect(first).toMatchObject({ requests: 5 });
    expect(first?.p99).toBeGreaterThan(0);
    expect((await anonymousActivation(server.url)).status).toBe(200);
    expect((await summaries(2))[1]).toMatchObject({ requests: 1 });
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
