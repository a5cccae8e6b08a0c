import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer, startServerProcess, tempDataDir, type ServerProcess } from './support/server';

/**
 * One server process per DATA_DIR, however the folder is reached: the lock is held on a file inside
 * it (the inode), so another path to the same folder, a bind mount of it or another network namespace
 * does not open a second server on the same files.
 */

const started: ServerProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function firstServer() {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const server = await startServerProcess({ DATA_DIR: data.dir, SEED: 'none' });
  started.push(server);
  return data.dir;
}

/** A second server on `dataDir`, through `wrapper`: it must exit 1, saying the folder is in use. */
async function expectRefused(dataDir: string, wrapper: readonly string[] = []) {
  const second = spawnServer({ DATA_DIR: dataDir, SEED: 'none' }, undefined, wrapper);
  started.push({ ...second, url: '' });
  // A server that got past the lock would run on; it is killed then, and the answer below says so.
  const timer = setTimeout(() => second.child.kill('SIGKILL'), 20_000);
  const exited = await second.exited.finally(() => clearTimeout(timer));
  expect({ exited, output: second.output() }).toMatchObject({
    exited: { code: 1, signal: null },
    output: expect.stringMatching(/Cannot start: DATA_DIR .* is in use by another server process \(pid \d+\)/),
  });
}

describe('the DATA_DIR lock', () => {
  it('refuses a second server on the same folder through a symbolic link', async () => {
    const dir = await firstServer();
    const links = mkdtempSync(join(tmpdir(), 'flow-console-link-'));
    cleanups.push(() => rmSync(links, { recursive: true, force: true }));
    symlinkSync(dir, join(links, 'data'));
    await expectRefused(join(links, 'data'));
  });

  it('refuses a second server on a bind mount of the folder (in a mount namespace of its own)', async () => {
    const dir = await firstServer();
    const mountPoint = mkdtempSync(join(tmpdir(), 'flow-console-mount-'));
    cleanups.push(() => rmSync(mountPoint, { recursive: true, force: true }));
    // The mount lives in the second server's namespace only, so it vanishes with it.
    await expectRefused(mountPoint, [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      'mount --bind "$0" "$1" && shift && exec "$@"',
      dir,
      mountPoint,
    ]);
  });

  it('refuses a second server in another network namespace', async () => {
    const dir = await firstServer();
    await expectRefused(dir, ['unshare', '--net', '--']);
  });
});
